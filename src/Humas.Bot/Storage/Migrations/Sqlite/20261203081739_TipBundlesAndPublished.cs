using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TipBundlesAndPublished : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The column with its foreign key in one ALTER TABLE, rather than EF's AddForeignKey, which rebuilds the
            // table on SQLite and lays the columns out in the migration model's (alphabetical) order: the migrated
            // table would no longer equal a created one.
            migrationBuilder.Sql("""
                ALTER TABLE "Tips" ADD COLUMN "ArticleId" TEXT NULL CONSTRAINT "FK_Tips_Articles_ArticleId" REFERENCES "Articles" ("Id") ON DELETE SET NULL;
                """);

            migrationBuilder.AddColumn<DateTime>(
                name: "BundleDueAt",
                table: "TipDrafts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tips_ArticleId",
                table: "Tips",
                column: "ArticleId");

            migrationBuilder.CreateIndex(
                name: "IX_TipDrafts_BundleDueAt",
                table: "TipDrafts",
                column: "BundleDueAt");
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
