using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ArticleSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search on SQLite: an FTS5 index over the articles' title, summary and body that stores no
            // copy of the text (external content). FTS5 keys rows by an integer, and the rowid of "Articles" (whose
            // key is a GUID) may change on VACUUM, so "ArticleSearchRows" gives every article a stable integer and
            // the index reads its text through the view "ArticleSearchContent". Triggers keep the index in step
            // with every insert, edit and delete, whoever writes the row. Not in the EF model: a later migration that
            // rebuilds "Articles" on SQLite drops these triggers with the table and must create them again
            // (MigratedSchemaTests checks they exist). The tokenizer splits on anything but letters and digits and
            // folds case and diacritics, as the search terms are split (Search/SearchTerms.cs).
            migrationBuilder.Sql("""
                CREATE TABLE "ArticleSearchRows" ("RowId" INTEGER PRIMARY KEY, "ArticleId" TEXT NOT NULL UNIQUE);
                """);
            migrationBuilder.Sql("""
                CREATE VIEW "ArticleSearchContent" AS
                SELECT "r"."RowId" AS "RowId", "a"."Title" AS "Title", "a"."Summary" AS "Summary", "a"."Body" AS "Body"
                FROM "ArticleSearchRows" AS "r" JOIN "Articles" AS "a" ON "a"."Id" = "r"."ArticleId";
                """);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "ArticleSearch" USING fts5(
                    "Title", "Summary", "Body",
                    content='ArticleSearchContent', content_rowid='RowId', tokenize='unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ArticleSearchRows" ("ArticleId") SELECT "Id" FROM "Articles" ORDER BY "DiscoveredAt";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ArticleSearch" ("ArticleSearch") VALUES ('rebuild');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Articles_Search_Insert" AFTER INSERT ON "Articles" BEGIN
                    INSERT INTO "ArticleSearchRows" ("ArticleId") VALUES (new."Id");
                    INSERT INTO "ArticleSearch" ("rowid", "Title", "Summary", "Body")
                        SELECT "RowId", new."Title", new."Summary", new."Body" FROM "ArticleSearchRows" WHERE "ArticleId" = new."Id";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Articles_Search_Update" AFTER UPDATE OF "Title", "Summary", "Body" ON "Articles" BEGIN
                    INSERT INTO "ArticleSearch" ("ArticleSearch", "rowid", "Title", "Summary", "Body")
                        SELECT 'delete', "RowId", old."Title", old."Summary", old."Body" FROM "ArticleSearchRows" WHERE "ArticleId" = old."Id";
                    INSERT INTO "ArticleSearch" ("rowid", "Title", "Summary", "Body")
                        SELECT "RowId", new."Title", new."Summary", new."Body" FROM "ArticleSearchRows" WHERE "ArticleId" = new."Id";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Articles_Search_Delete" AFTER DELETE ON "Articles" BEGIN
                    INSERT INTO "ArticleSearch" ("ArticleSearch", "rowid", "Title", "Summary", "Body")
                        SELECT 'delete', "RowId", old."Title", old."Summary", old."Body" FROM "ArticleSearchRows" WHERE "ArticleId" = old."Id";
                    DELETE FROM "ArticleSearchRows" WHERE "ArticleId" = old."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "Articles_Search_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER "Articles_Search_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER "Articles_Search_Insert";""");
            migrationBuilder.Sql("""DROP TABLE "ArticleSearch";""");
            migrationBuilder.Sql("""DROP VIEW "ArticleSearchContent";""");
            migrationBuilder.Sql("""DROP TABLE "ArticleSearchRows";""");
        }
    }
}
