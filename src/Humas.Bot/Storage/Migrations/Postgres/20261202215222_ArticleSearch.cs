using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ArticleSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search on PostgreSQL: a stored tsvector of each article's title, summary and (the first
            // 100,000 characters of the) body in the 'simple' configuration, which lower-cases and neither stems nor
            // drops stop words (PostgreSQL has no Indonesian dictionary), under a GIN index. Generated, so every
            // insert and edit keeps it current; not in the EF model, which never reads it (Search/ArticleSearch.cs
            // matches on it in SQL). Adding it rewrites "Articles" once.
            migrationBuilder.Sql("""
                ALTER TABLE "Articles" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (
                    to_tsvector('simple'::regconfig,
                        coalesce("Title", '') || ' ' || coalesce("Summary", '') || ' ' || left(coalesce("Body", ''), 100000))) STORED;
                """);
            migrationBuilder.Sql("""
                CREATE INDEX "IX_Articles_SearchVector" ON "Articles" USING GIN ("SearchVector");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Articles_SearchVector";""");
            migrationBuilder.Sql("""ALTER TABLE "Articles" DROP COLUMN "SearchVector";""");
        }
    }
}
