using Humas.Bot.Admin.Scoping;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Admin.Reports;

/// <summary>
/// National items as the institutions see them. A national item belongs to the institution that published it, so the
/// scoped contexts (<see cref="DashboardDb"/>) hide it from every other institution's editors, with its deliveries,
/// votes and tallies: nothing of it can leak through the article pages, actions, exports or the live stream. This
/// class alone reads it for them, on unrestricted contexts, and cuts every figure down to the institutions asked for
/// itself: an institution's editor gets only its own subscribers' deliveries, reads and reactions, a national
/// account every institution's.
/// </summary>
public sealed class NationalItems(IDbContextFactory<HumasDbContext> factory)
{
    /// <summary>National items listed for an institution's editors at most (the newest; a search narrows them).</summary>
    public const int ListedItems = 20;

    /// <summary>A national item published by another institution than the account's, or null (no such item, or not national).</summary>
    public async Task<Article?> ForeignAsync(Guid id, DashboardScope scope, CancellationToken ct)
    {
        if (scope.IsNational)
        {
            return null;
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var article = await db.Set<Article>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.National, ct);
        return article is null || scope.Covers(article.InstitutionId) ? null : article;
    }

    /// <summary>
    /// The newest national items other institutions published (an institution's own are in its ordinary list), whose
    /// title or address holds <paramref name="q"/>, with what reached the account's own subscribers. None for a
    /// national account, which sees every item in the ordinary list.
    /// </summary>
    public async Task<IReadOnlyList<ArticleListItem>> ForeignListAsync(DashboardScope scope, string? q, CancellationToken ct)
    {
        if (scope.IsNational)
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var own = scope.Institutions.ToList();
        var term = q?.Trim() ?? "";
        var items = await db.Set<Article>().AsNoTracking()
            .Where(a => a.National && !own.Contains(a.InstitutionId) && (term == "" || a.Title.Contains(term) || a.Url.Contains(term)))
            .OrderByDescending(a => a.PublishedAt).ThenBy(a => a.Id).Take(ListedItems)
            .Select(a => new { a.Id, a.Title, a.InstitutionId, a.Category, a.PublishedAt }).ToListAsync(ct);
        var ids = items.Select(a => a.Id).ToList();
        // Each of the account's readers once, however many of its institutions they follow.
        var readers = db.Set<Subscription>().Where(s => s.Target == SubscriptionTarget.Institution && own.Contains(s.Value)).Select(s => s.ConversationId);
        var deliveries = await db.Set<DeliveryRecord>()
            .Where(d => d.ArticleId != null && ids.Contains(d.ArticleId.Value) && readers.Contains(d.ConversationId))
            .GroupBy(d => d.ArticleId!.Value)
            .Select(g => new { Id = g.Key, Planned = g.Count(), Sent = g.Sum(d => d.State == DeliveryState.Sent ? 1 : 0) })
            .ToDictionaryAsync(g => g.Id, ct);
        var votes = await (
            from c in db.Set<Conversation>()
            join v in db.Set<Vote>() on c.Channel + ":" + c.ExternalId equals v.VoterKey
            where readers.Contains(c.Id) && ids.Contains(v.ArticleId)
            group v by v.ArticleId into g
            select new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Id, g => g.Count, ct);
        return items.Select(a => new ArticleListItem(a.Id, a.Title, a.InstitutionId, a.Category, a.PublishedAt,
            deliveries.GetValueOrDefault(a.Id)?.Sent ?? 0, deliveries.GetValueOrDefault(a.Id)?.Planned ?? 0, votes.GetValueOrDefault(a.Id), National: true)).ToList();
    }

    /// <summary>
    /// A national item's reach per institution the account serves (a national account: every institution): its
    /// deliveries to the conversations following the institution, those sent (readers), those the platform reported
    /// read, and the reactions of those readers. A reader of two institutions counts for both, so rows may add up to
    /// more than the item's reach.
    /// </summary>
    public async Task<IReadOnlyList<NationalReachRow>> ReachAsync(Guid articleId, DashboardScope scope, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var national = scope.IsNational;
        var own = scope.Institutions.ToList();
        var followers = db.Set<Subscription>()
            .Where(s => s.Target == SubscriptionTarget.Institution && (national || own.Contains(s.Value)));
        var deliveries = await (
            from s in followers
            join d in db.Set<DeliveryRecord>() on s.ConversationId equals d.ConversationId
            where d.ArticleId == articleId
            group d by s.Value into g
            select new
            {
                Institution = g.Key,
                Planned = g.Count(),
                Sent = g.Sum(d => d.State == DeliveryState.Sent ? 1 : 0),
                Read = g.Sum(d => d.ReadAt != null ? 1 : 0),
            }).ToListAsync(ct);
        // A vote is a reader's ("channel:user"); in a private chat the user is the conversation, which is how a vote is
        // told to be of an institution's subscriber. Votes cast in groups or on Teams (user and conversation differ) are not.
        var votes = await (
            from s in followers
            join c in db.Set<Conversation>() on s.ConversationId equals c.Id
            join v in db.Set<Vote>() on c.Channel + ":" + c.ExternalId equals v.VoterKey
            where v.ArticleId == articleId
            group v by s.Value into g
            select new { Institution = g.Key, Count = g.Count() }).ToDictionaryAsync(v => v.Institution, v => v.Count, ct);
        var ids = deliveries.Select(d => d.Institution).Union(votes.Keys).ToList();
        var names = await db.Set<Institution>().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        return ids.Where(names.ContainsKey).Select(id =>
            {
                var d = deliveries.SingleOrDefault(x => x.Institution == id);
                return new NationalReachRow(id, names[id], d?.Sent ?? 0, d?.Planned ?? 0, d?.Read ?? 0, votes.GetValueOrDefault(id));
            })
            .OrderByDescending(r => r.Readers).ThenBy(r => r.InstitutionName, StringComparer.Ordinal).ToList();
    }
}
