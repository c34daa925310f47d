using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TipDraftIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DraftId",
                table: "Tips",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DraftId",
                table: "Tips");
        }
    }
}
