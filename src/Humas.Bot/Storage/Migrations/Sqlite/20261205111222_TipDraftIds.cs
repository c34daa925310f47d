using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Sqlite
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
                type: "INTEGER",
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
