using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Sqlite
{
    /// <summary>
    /// The presses already counted, by the platform's id of each, so that a press handled again after a crash is
    /// counted once (Feedback's <c>CountedPress</c>); an empty table to start with.
    /// </summary>
    public partial class CountedPresses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CountedPresses",
                columns: table => new
                {
                    PressId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ArticleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CountedPresses", x => x.PressId);
                    table.ForeignKey(
                        name: "FK_CountedPresses_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CountedPresses_ArticleId",
                table: "CountedPresses",
                column: "ArticleId");

            migrationBuilder.CreateIndex(
                name: "IX_CountedPresses_CountedAt",
                table: "CountedPresses",
                column: "CountedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CountedPresses");
        }
    }
}
