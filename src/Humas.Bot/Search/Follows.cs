using System.Linq.Expressions;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Search;

/// <summary>
/// What one conversation follows, as a filter on articles: everything (a subscription to all news), some
/// institutions and categories, or nothing (not subscribed). The one place "what the reader follows" is read
/// for search and <c>/terbaru</c>; a new kind of subscription extends <see cref="Matches"/>.
/// </summary>
public sealed record Follows(bool All, IReadOnlyList<string> Institutions, IReadOnlyList<string> Categories)
{
    public static Follows Everything { get; } = new(true, [], []);

    public bool Nothing => !All && Institutions.Count == 0 && Categories.Count == 0;

    public static async Task<Follows> OfAsync(HumasDbContext db, long conversationId, CancellationToken ct)
    {
        var subscriptions = await db.Set<Subscription>().AsNoTracking().Where(s => s.ConversationId == conversationId)
            .Select(s => new { s.Target, s.Value }).ToListAsync(ct);
        return new Follows(
            subscriptions.Any(s => s.Target == SubscriptionTarget.All),
            subscriptions.Where(s => s.Target == SubscriptionTarget.Institution).Select(s => s.Value).ToList(),
            subscriptions.Where(s => s.Target == SubscriptionTarget.Category).Select(s => s.Value).ToList());
    }

    /// <summary>The articles this conversation follows (all of them for <see cref="All"/>, none for <see cref="Nothing"/>).</summary>
    public Expression<Func<Article, bool>> Matches()
    {
        if (All)
        {
            return a => true;
        }

        var institutions = Institutions.ToList();
        var categories = Categories.ToList();
        return a => institutions.Contains(a.InstitutionId) || (a.Category != null && categories.Contains(a.Category));
    }
}
