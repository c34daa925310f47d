using System.Linq.Expressions;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Search;

/// <summary>
/// What one conversation follows, as a filter on articles: everything (a subscription to all news), some
/// institutions, categories and keywords, or nothing (not subscribed). The one place "what the reader follows"
/// is turned into a filter, for search, <c>/terbaru</c> and the digests; the fan-out's SQL says the same
/// (docs/DELIVERY.md, "What a reader receives"). A reader gets an article that matches any of the rules, once.
/// </summary>
public sealed record Follows(bool All, IReadOnlyList<string> Institutions, IReadOnlyList<string> Categories, IReadOnlyList<string> Keywords)
{
    public static Follows Everything { get; } = new(true, [], [], []);

    public bool Nothing => !All && Institutions.Count == 0 && Categories.Count == 0 && Keywords.Count == 0;

    public static async Task<Follows> OfAsync(HumasDbContext db, long conversationId, CancellationToken ct)
    {
        var subscriptions = await db.Set<Subscription>().AsNoTracking().Where(s => s.ConversationId == conversationId)
            .Select(s => new { s.Target, s.Value }).ToListAsync(ct);
        return new Follows(
            subscriptions.Any(s => s.Target == SubscriptionTarget.All),
            Values(SubscriptionTarget.Institution),
            Values(SubscriptionTarget.Category),
            Values(SubscriptionTarget.Keyword));

        List<string> Values(SubscriptionTarget target) => subscriptions.Where(s => s.Target == target).Select(s => s.Value).ToList();
    }

    /// <summary>
    /// The articles this conversation follows (all of them for <see cref="All"/>, none for <see cref="Nothing"/>): of a
    /// followed institution, or national ones for whoever follows any institution; of a followed category; or with a
    /// followed keyword, as recorded when the article was planned (<see cref="ArticleKeywordIndex"/>). Categories match
    /// without regard to case, both sides folded by the database (as the fan-out's SQL does), so the two always agree.
    /// </summary>
    public Expression<Func<Article, bool>> Matches(HumasDbContext db)
    {
        if (All)
        {
            return a => true;
        }

        var institutions = Institutions.ToList();
        var anyInstitution = institutions.Count > 0;
        var categories = Categories.ToList();
        var keywords = Keywords.ToList();
        var anyKeyword = keywords.Count > 0;
        var found = db.Set<ArticleKeyword>();
        return a => institutions.Contains(a.InstitutionId)
            || (anyInstitution && a.National)
            || (a.Category != null && categories.Any(c => c.ToLower() == a.Category.ToLower()))
            || (anyKeyword && found.Any(k => k.ArticleId == a.Id && keywords.Contains(k.Keyword)));
    }
}
