using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TipSentByPress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SentByPress",
                table: "Tips",
                type: "TEXT",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SentByPress",
                table: "Tips");
        }
    }
}
