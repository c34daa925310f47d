using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TipBundlesAndPublished : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ArticleId",
                table: "Tips",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "BundleDueAt",
                table: "TipDrafts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tips_ArticleId",
                table: "Tips",
                column: "ArticleId");

            migrationBuilder.CreateIndex(
                name: "IX_TipDrafts_BundleDueAt",
                table: "TipDrafts",
                column: "BundleDueAt");

            migrationBuilder.AddForeignKey(
                name: "FK_Tips_Articles_ArticleId",
                table: "Tips",
                column: "ArticleId",
                principalTable: "Articles",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Tips_Articles_ArticleId",
                table: "Tips");

            migrationBuilder.DropIndex(
                name: "IX_Tips_ArticleId",
                table: "Tips");

            migrationBuilder.DropIndex(
                name: "IX_TipDrafts_BundleDueAt",
                table: "TipDrafts");

            migrationBuilder.DropColumn(
                name: "ArticleId",
                table: "Tips");

            migrationBuilder.DropColumn(
                name: "BundleDueAt",
                table: "TipDrafts");
        }
    }
}
