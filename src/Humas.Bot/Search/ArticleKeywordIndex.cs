using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Search;

/// <summary>
/// Finds which of the keywords readers follow occur in one article and records them as <see cref="ArticleKeyword"/>
/// rows. The article is read and split into words once; each distinct followed keyword (read through the
/// Subscriptions (Target, Value) index) is then a dictionary lookup (<see cref="KeywordMatcher"/>). With at most
/// <see cref="FollowedKeyword.MaxPerConversation"/> keywords a reader, a million readers follow at most a few
/// hundred thousand distinct ones, and in practice far fewer. Idempotent: a re-run after a crash adds only what is missing.
/// </summary>
public static class ArticleKeywordIndex
{
    /// <summary>Returns the number of keywords found in the article; writes behind <paramref name="sqliteWriter"/>.</summary>
    public static async Task<int> IndexAsync(HumasDbContext db, SqliteWriteGate sqliteWriter, Guid articleId, CancellationToken ct)
    {
        var followed = await db.Set<Subscription>().AsNoTracking()
            .Where(s => s.Target == SubscriptionTarget.Keyword).Select(s => s.Value).Distinct().ToListAsync(ct);
        if (followed.Count == 0)
        {
            return 0;
        }

        var article = await db.Set<Article>().AsNoTracking().Where(a => a.Id == articleId)
            .Select(a => new { a.Title, a.Summary, a.Body }).SingleOrDefaultAsync(ct);
        if (article is null)
        {
            return 0;
        }

        var found = new KeywordMatcher(article.Title, article.Summary, article.Body).Matching(followed);
        using var gate = found.Count == 0 ? default : await sqliteWriter.EnterAsync(db, ct);
        foreach (var keyword in found)
        {
            await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO "ArticleKeywords" ("ArticleId", "Keyword") VALUES ({0}, {1}) ON CONFLICT ("ArticleId", "Keyword") DO NOTHING""",
                [articleId, keyword], ct);
        }

        return found.Count;
    }
}
