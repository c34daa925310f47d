using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Search;

/// <summary>An article as a search answer or a <c>/terbaru</c> line.</summary>
public sealed record ArticleHit(Guid Id, string Title, string Url, string InstitutionName, DateTime PublishedAt);

/// <summary>
/// Full-text search over articles' titles, summaries and bodies, newest first, on each database's own index:
/// SQLite's FTS5 table <c>ArticleSearch</c> (external content, kept in step with <c>Articles</c> by triggers)
/// and PostgreSQL's <c>Articles.SearchVector</c> (a stored tsvector in the 'simple' configuration, which
/// neither stems nor drops words: right for Indonesian, for which PostgreSQL has no dictionary) under a GIN
/// index. Both are created by the <c>ArticleSearch</c> migration; neither is in the EF model, so the matching
/// is the provider-specific SQL here and everything else (what the reader follows, order, paging) is LINQ.
/// <para>
/// A search asks twice at most. First among the newest <see cref="RecentWindow"/> articles, each tested against
/// the index: a common word ("pemerintah") is answered there in a few milliseconds, and exactly, since any match
/// newer than the fifth found is inside that window too. Only when that finds fewer than asked for does the
/// whole index answer, which is then quick because the word is rare.
/// </para>
/// </summary>
/// <param name="recentWindow">How many of the newest articles the first ask tests (tests make it small).</param>
public sealed class ArticleSearch(IDbContextFactory<HumasDbContext> factory, int recentWindow = ArticleSearch.RecentWindow)
{
    public const int RecentWindow = 1000;

    /// <summary>Newest first, at most <paramref name="take"/>: articles matching every word that <paramref name="within"/> admits, minus <paramref name="except"/>.</summary>
    public async Task<IReadOnlyList<ArticleHit>> FindAsync(
        SearchTerms terms, Follows within, int take, IReadOnlyCollection<Guid>? except, CancellationToken ct)
    {
        if (terms.IsEmpty || within.Nothing)
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var recent = await HitsAsync(db, RecentMatching(db, terms, recentWindow).Where(within.Matches()), take, except, ct);
        return recent.Count >= take ? recent : await HitsAsync(db, Matching(db, terms).Where(within.Matches()), take, except, ct);
    }

    /// <summary>The newest articles <paramref name="within"/> admits (the <c>/terbaru</c> list).</summary>
    public async Task<IReadOnlyList<ArticleHit>> LatestAsync(Follows within, int take, CancellationToken ct)
    {
        if (within.Nothing)
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        return await HitsAsync(db, db.Set<Article>().Where(within.Matches()), take, null, ct);
    }

    /// <summary>
    /// Articles matching every word, always through the provider's full-text index, then sorted by date. Left to
    /// themselves, both planners may instead walk the date index and test each article until five match, which
    /// for a rare word means reading most of the table (measured on PostgreSQL: 77 ms for one match among 100,000,
    /// its estimate for prefix queries being poor). So the index's matches are read first: on SQLite the CROSS
    /// JOINs fix the join order (SQLite keeps the written order for them), on PostgreSQL a MATERIALIZED common table
    /// expression does. The cost then grows with the number of matches, never with the size of the table.
    /// </summary>
    public static IQueryable<Article> Matching(HumasDbContext db, SearchTerms terms) => db.Database.IsNpgsql()
        ? db.Set<Article>().FromSqlRaw(
            """
            WITH "m" AS MATERIALIZED (SELECT "Id" FROM "Articles" WHERE "SearchVector" @@ to_tsquery('simple', {0}))
            SELECT "a".* FROM "Articles" AS "a" WHERE "a"."Id" IN (SELECT "Id" FROM "m")
            """, terms.ToTsQuery())
        : db.Set<Article>().FromSqlRaw(
            """
            SELECT "a".* FROM "ArticleSearch"
            CROSS JOIN "ArticleSearchRows" AS "r" ON "r"."RowId" = "ArticleSearch"."rowid"
            CROSS JOIN "Articles" AS "a" ON "a"."Id" = "r"."ArticleId"
            WHERE "ArticleSearch" MATCH {0}
            """, terms.ToFts5());

    /// <summary>
    /// Among the newest <paramref name="window"/> articles (the date index), those matching every word. On SQLite
    /// the index is asked only from the window's lowest row number on (FTS5 seeks to it; rows are numbered as
    /// articles arrive, so that is about the window), and what it finds is kept to the window's dates: testing
    /// the window's articles one by one against the index cost 150 ms for two common words, this a few.
    /// </summary>
    public static IQueryable<Article> RecentMatching(HumasDbContext db, SearchTerms terms, int window) => db.Database.IsNpgsql()
        ? db.Set<Article>().FromSqlRaw(
            """
            SELECT "a".* FROM (SELECT * FROM "Articles" ORDER BY "PublishedAt" DESC LIMIT {1}) AS "a"
            WHERE "a"."SearchVector" @@ to_tsquery('simple', {0})
            """, terms.ToTsQuery(), window)
        : db.Set<Article>().FromSqlRaw(
            """
            SELECT "a".* FROM "ArticleSearch"
            CROSS JOIN "ArticleSearchRows" AS "r" ON "r"."RowId" = "ArticleSearch"."rowid"
            CROSS JOIN "Articles" AS "a" ON "a"."Id" = "r"."ArticleId"
            WHERE "ArticleSearch" MATCH {0}
              AND "ArticleSearch"."rowid" >= (
                SELECT min("w"."RowId") FROM (SELECT "Id" FROM "Articles" ORDER BY "PublishedAt" DESC LIMIT {1}) AS "n"
                JOIN "ArticleSearchRows" AS "w" ON "w"."ArticleId" = "n"."Id")
              AND "a"."PublishedAt" >= (
                SELECT min("PublishedAt") FROM (SELECT "PublishedAt" FROM "Articles" ORDER BY "PublishedAt" DESC LIMIT {1}))
            """, terms.ToFts5(), window);

    private static async Task<IReadOnlyList<ArticleHit>> HitsAsync(
        HumasDbContext db, IQueryable<Article> articles, int take, IReadOnlyCollection<Guid>? except, CancellationToken ct)
    {
        if (except is { Count: > 0 })
        {
            var skip = except.ToList();
            articles = articles.Where(a => !skip.Contains(a.Id));
        }

        return await (
            from a in articles.AsNoTracking()
            join i in db.Set<Institution>() on a.InstitutionId equals i.Id
            orderby a.PublishedAt descending, a.Id
            select new ArticleHit(a.Id, a.Title, a.Url, i.Name, a.PublishedAt)).Take(take).ToListAsync(ct);
    }
}
