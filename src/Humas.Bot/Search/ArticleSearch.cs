using Humas.Bot.Ingestion.Model;
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
/// is the one provider-specific SQL here and everything else (what the reader follows, order, paging) is LINQ.
/// </summary>
public sealed class ArticleSearch(IDbContextFactory<HumasDbContext> factory)
{
    /// <summary>Newest first, at most <paramref name="take"/>: articles matching every word that <paramref name="within"/> admits, minus <paramref name="except"/>.</summary>
    public async Task<IReadOnlyList<ArticleHit>> FindAsync(
        SearchTerms terms, Follows within, int take, IReadOnlyCollection<Guid>? except, CancellationToken ct)
    {
        if (terms.IsEmpty || within.Nothing)
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        return await HitsAsync(db, Matching(db, terms).Where(within.Matches()), take, except, ct);
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
    /// Articles matching every word, through the provider's full-text index. On SQLite the CROSS JOINs fix the
    /// join order (SQLite keeps the written order for them): the index's matches are read first and joined to
    /// their articles, rather than walking every article by date and asking the index about each one; the
    /// matches are then sorted by date. PostgreSQL's planner chooses between the GIN index and the date index
    /// from its statistics.
    /// </summary>
    public static IQueryable<Article> Matching(HumasDbContext db, SearchTerms terms) => db.Database.IsNpgsql()
        ? db.Set<Article>().FromSqlRaw("""SELECT * FROM "Articles" WHERE "SearchVector" @@ to_tsquery('simple', {0})""", terms.ToTsQuery())
        : db.Set<Article>().FromSqlRaw(
            """
            SELECT "a".* FROM "ArticleSearch"
            CROSS JOIN "ArticleSearchRows" AS "r" ON "r"."RowId" = "ArticleSearch"."rowid"
            CROSS JOIN "Articles" AS "a" ON "a"."Id" = "r"."ArticleId"
            WHERE "ArticleSearch" MATCH {0}
            """, terms.ToFts5());

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
