using Humas.Bot.Admin.Reports;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Admin;

/// <param name="National">The national narrative: labelled as from the national coordinator.</param>
public sealed record ArticleListItem(Guid Id, string Title, string InstitutionId, string? Category, DateTime PublishedAt, int Sent, int Planned, int Reactions, bool National = false);

/// <param name="Read">Deliveries the platform reported read (WhatsApp's read receipts); 0 where a platform does not tell.</param>
public sealed record ChannelProgress(string Channel, int Planned, int Sent, int Failed, int Skipped, int Cancelled, int Recalled, int Remaining, int Read = 0);

public sealed record ChannelSubscribers(string Channel, int Active, int Blocked, int Left);

public sealed record DeliveryProblem(string Channel, int GaveUp, int Retrying, string? LastError);

/// <summary>The read side of the dashboard pages that is not a report: lists, searches and the overview.</summary>
public sealed class DashboardQueries(IDbContextFactory<HumasDbContext> factory, TimeProvider time)
{
    public const int PageSize = 50;
    public const int MaxInProgress = 20;

    public async Task<IReadOnlyList<ArticleListItem>> TodaysArticlesAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(JakartaTime.ToLocal(time.GetUtcNow().UtcDateTime));
        var from = JakartaTime.ToUtc(today.ToDateTime(TimeOnly.MinValue));
        return await ArticlesAsync(a => a.DiscoveredAt >= from, 0, PageSize, ct);
    }

    public async Task<IReadOnlyList<ArticleListItem>> SearchArticlesAsync(string? q, string? institution, int page, CancellationToken ct)
    {
        var term = q?.Trim() ?? "";
        System.Linq.Expressions.Expression<Func<Article, bool>> filter = term.Length == 0
            ? a => institution == null || institution == "" || a.InstitutionId == institution
            : a => (a.Title.Contains(term) || a.Url.Contains(term)) && (institution == null || institution == "" || a.InstitutionId == institution);
        return await ArticlesAsync(filter, Math.Max(0, page) * PageSize, PageSize + 1, ct);
    }

    private async Task<IReadOnlyList<ArticleListItem>> ArticlesAsync(System.Linq.Expressions.Expression<Func<Article, bool>> filter, int skip, int take, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Article>().AsNoTracking().Where(filter)
            .OrderByDescending(a => a.PublishedAt).ThenBy(a => a.Id)
            .Skip(skip).Take(take)
            .Select(a => new ArticleListItem(a.Id, a.Title, a.InstitutionId, a.Category, a.PublishedAt,
                db.Set<DeliveryRecord>().Count(d => d.ArticleId == a.Id && d.State == DeliveryState.Sent),
                db.Set<DeliveryRecord>().Count(d => d.ArticleId == a.Id),
                db.Set<Feedback.Model.ReactionTallyRow>().Where(t => t.ArticleId == a.Id).Sum(t => (int?)t.Count) ?? 0, a.National))
            .ToListAsync(ct);
    }

    public async Task<Article?> ArticleAsync(Guid id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Article>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
    }

    public async Task<IReadOnlyList<ChannelProgress>> ProgressByChannelAsync(Guid articleId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var counts = await (
            from d in db.Set<DeliveryRecord>()
            join c in db.Set<Conversation>() on d.ConversationId equals c.Id
            where d.ArticleId == articleId
            group d by new { c.Channel, d.State } into g
            select new { g.Key.Channel, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        var reads = await (
            from d in db.Set<DeliveryRecord>()
            join c in db.Set<Conversation>() on d.ConversationId equals c.Id
            where d.ArticleId == articleId && d.ReadAt != null
            group d by c.Channel into g
            select new { Channel = g.Key, Count = g.Count() }).ToDictionaryAsync(r => r.Channel, r => r.Count, ct);
        return counts.GroupBy(c => c.Channel).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            int Of(params DeliveryState[] states) => g.Where(c => states.Contains(c.State)).Sum(c => c.Count);
            return new ChannelProgress(g.Key, g.Sum(c => c.Count), Of(DeliveryState.Sent), Of(DeliveryState.GaveUp), Of(DeliveryState.Skipped),
                Of(DeliveryState.Cancelled), Of(DeliveryState.Recalled), Of(DeliveryState.Pending, DeliveryState.Retrying, DeliveryState.Sending),
                reads.GetValueOrDefault(g.Key));
        }).ToList();
    }

    /// <summary>Articles still being sent (or waiting for fan-out), newest first.</summary>
    public async Task<IReadOnlyList<ArticleListItem>> InProgressAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var sending = await db.Set<DeliveryRecord>()
            .Where(d => d.ArticleId != null && (d.State == DeliveryState.Pending || d.State == DeliveryState.Retrying || d.State == DeliveryState.Sending))
            .Select(d => d.ArticleId!.Value).Distinct().Take(MaxInProgress).ToListAsync(ct);
        var waiting = await db.Set<ArticleEvent>().Where(e => e.ProcessedAt == null && e.Kind == ArticleEventKind.Published)
            .Select(e => e.ArticleId).Distinct().Take(MaxInProgress).ToListAsync(ct);
        var ids = sending.Concat(waiting).Distinct().ToList();
        return await ArticlesAsync(a => ids.Contains(a.Id), 0, MaxInProgress, ct);
    }

    /// <summary>Per channel, deliveries given up in the last 24 hours and waiting for a retry now, with the latest error.</summary>
    public async Task<IReadOnlyList<DeliveryProblem>> ProblemsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var since = time.GetUtcNow().UtcDateTime.AddDays(-1);
        var rows = await (
            from d in db.Set<DeliveryRecord>()
            join c in db.Set<Conversation>() on d.ConversationId equals c.Id
            where (d.State == DeliveryState.GaveUp && d.UpdatedAt >= since) || d.State == DeliveryState.Retrying
            group d by new { c.Channel, d.State } into g
            select new { g.Key.Channel, g.Key.State, Count = g.Count(), Last = g.Max(d => d.Id) }).ToListAsync(ct);
        var result = new List<DeliveryProblem>();
        foreach (var channel in rows.GroupBy(r => r.Channel).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var lastId = channel.Max(r => r.Last);
            var error = await db.Set<DeliveryRecord>().Where(d => d.Id == lastId).Select(d => d.LastError).SingleOrDefaultAsync(ct);
            result.Add(new DeliveryProblem(channel.Key, channel.Where(r => r.State == DeliveryState.GaveUp).Sum(r => r.Count),
                channel.Where(r => r.State == DeliveryState.Retrying).Sum(r => r.Count), error));
        }

        return result;
    }

    public async Task<IReadOnlyList<ChannelSubscribers>> SubscribersPerChannelAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var counts = await db.Set<Conversation>().GroupBy(c => new { c.Channel, c.Status })
            .Select(g => new { g.Key.Channel, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        return counts.GroupBy(c => c.Channel).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new ChannelSubscribers(g.Key,
            g.Where(c => c.Status == ConversationStatus.Active).Sum(c => c.Count),
            g.Where(c => c.Status == ConversationStatus.Blocked).Sum(c => c.Count),
            g.Where(c => c.Status == ConversationStatus.Left).Sum(c => c.Count))).ToList();
    }

    /// <summary>Conversations by channel and a search over title and platform id, newest first.</summary>
    public async Task<IReadOnlyList<SubscriberRow>> SubscribersAsync(string? channel, string? q, int take, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.Set<Conversation>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(channel))
        {
            query = query.Where(c => c.Channel == channel);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(c => (c.Title != null && c.Title.Contains(term)) || c.ExternalId.Contains(term));
        }

        var rows = await query.OrderByDescending(c => c.Id).Take(take).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var follows = (await db.Set<Subscription>().AsNoTracking().Where(s => ids.Contains(s.ConversationId)).ToListAsync(ct))
            .GroupBy(s => s.ConversationId)
            .ToDictionary(g => g.Key, g => string.Join(" ", g.OrderBy(s => s.Id).Select(s => s.Target == SubscriptionTarget.All ? "all" : $"{s.Target.ToString().ToLowerInvariant()}:{s.Value}")));
        return rows.Select(c => new SubscriberRow(c.Id, c.Channel, c.ExternalId, c.Title, c.Status.ToString(), c.Language, c.DeliveryMode.ToString(),
            follows.GetValueOrDefault(c.Id, ""), c.CreatedAt)).ToList();
    }

    public async Task<IReadOnlyList<Institution>> InstitutionsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Institution>().AsNoTracking().OrderBy(i => i.Id).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<TipContributor>> ContributorsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<TipContributor>().AsNoTracking().OrderBy(c => c.InstitutionId).ThenBy(c => c.Unit).ThenBy(c => c.DisplayName).Take(1000).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<TipInvite>> InvitesAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<TipInvite>().AsNoTracking().OrderByDescending(i => i.Id).Take(200).ToListAsync(ct);
    }

    /// <summary>Revoking ends the code's validity now; who registered with it stays registered.</summary>
    public async Task<bool> RevokeInviteAsync(long id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Set<TipInvite>().Where(i => i.Id == id && i.ExpiresAt > now).ExecuteUpdateAsync(u => u.SetProperty(i => i.ExpiresAt, now), ct) > 0;
    }

    public async Task<IReadOnlyList<string>> EditorsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Accounts.AdminUser>().Where(u => !u.Disabled && u.Role != Accounts.AdminRole.Viewer).OrderBy(u => u.Email).Select(u => u.Email).ToListAsync(ct);
    }
}
