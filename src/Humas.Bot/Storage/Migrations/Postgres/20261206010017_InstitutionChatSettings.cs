using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Postgres
{
    /// <summary>
    /// Institutions' own editors' chats (Institutions' <c>InstitutionChatSetting</c>), set on the dashboard; an empty
    /// table to start with, filled from <c>Institutions:N:&lt;Channel&gt;:...</c> at the next start.
    /// </summary>
    public partial class InstitutionChatSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InstitutionChatSettings",
                columns: table => new
                {
                    InstitutionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Value = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstitutionChatSettings", x => new { x.InstitutionId, x.Channel, x.Name });
                    table.ForeignKey(
                        name: "FK_InstitutionChatSettings_Institutions_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "Institutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InstitutionChatSettings");
        }
    }
}
