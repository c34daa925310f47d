using Humas.Bot.Delivery.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Delivery.Log;

/// <param name="State">Only deliveries in this state; null for all.</param>
/// <param name="Channel">Only this channel ("telegram", "teams", "web"); null or empty for all.</param>
public sealed record DeliveryLogFilter(DeliveryState? State = null, string? Channel = null);

/// <summary>
/// One recipient of one article: a CSV row as it is (property names are the CSV's headers, stable for scripts).
/// <see cref="NextAttemptAt"/> is set only while the delivery still waits for a (re)try.
/// </summary>
public sealed record DeliveryLogEntry(
    long DeliveryId,
    string Channel,
    string Recipient,
    string? RecipientName,
    string State,
    int Attempts,
    DateTime PlannedAt,
    DateTime ChangedAt,
    DateTime? SentAt,
    DateTime? NextAttemptAt,
    string? LastError);

/// <param name="Page">1-based.</param>
/// <param name="Channels">Every channel the article went to, for the filter, whatever the filter is.</param>
public sealed record DeliveryLogPage(IReadOnlyList<DeliveryLogEntry> Entries, int Total, int Page, int PageSize, IReadOnlyList<string> Channels)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The per-recipient delivery log of one article: every delivery row with its recipient, state, times,
/// attempts and last error, in planning order, filtered by state and channel. Read by the dashboard's article
/// page, its CSV export and <c>deliveries list</c>; <see cref="DeliveryScope"/> decides whose articles the
/// caller may read (an article outside it reads as unknown).
/// </summary>
public sealed class DeliveryLog(IDbContextFactory<HumasDbContext> factory)
{
    public const int PageSize = 50;

    /// <summary>Page <paramref name="page"/> (1-based, clamped to the last); null when the article is unknown or outside <paramref name="scope"/>.</summary>
    public async Task<DeliveryLogPage?> PageAsync(Guid articleId, DeliveryScope scope, DeliveryLogFilter filter, int page, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await InScopeAsync(db, articleId, scope, ct))
        {
            return null;
        }

        var rows = Rows(db, articleId, filter);
        var total = await rows.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var entries = await Entries(rows.Skip((page - 1) * PageSize).Take(PageSize), ct);
        var channels = await (
            from d in db.Set<DeliveryRecord>()
            join c in db.Set<Conversation>() on d.ConversationId equals c.Id
            where d.ArticleId == articleId
            select c.Channel).Distinct().ToListAsync(ct);
        return new DeliveryLogPage(entries, total, page, PageSize, channels.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The first <paramref name="max"/> entries that match (CSV, CLI); null when the article is unknown or outside <paramref name="scope"/>.</summary>
    public async Task<IReadOnlyList<DeliveryLogEntry>?> ListAsync(Guid articleId, DeliveryScope scope, DeliveryLogFilter filter, int max, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await InScopeAsync(db, articleId, scope, ct))
        {
            return null;
        }

        return await Entries(Rows(db, articleId, filter).Take(max), ct);
    }

    private static async Task<bool> InScopeAsync(HumasDbContext db, Guid articleId, DeliveryScope scope, CancellationToken ct)
    {
        var article = db.Set<Article>().Where(a => a.Id == articleId);
        if (scope.Institutions is { } allowed)
        {
            var ids = allowed.ToList();
            article = article.Where(a => ids.Contains(a.InstitutionId));
        }

        return await article.AnyAsync(ct);
    }

    private sealed class Row
    {
        public required DeliveryRecord Delivery { get; init; }
        public required string Channel { get; init; }
        public required string Recipient { get; init; }
        public string? RecipientName { get; init; }
    }

    private static IQueryable<Row> Rows(HumasDbContext db, Guid articleId, DeliveryLogFilter filter)
    {
        var deliveries = db.Set<DeliveryRecord>().AsNoTracking().Where(d => d.ArticleId == articleId);
        if (filter.State is { } state)
        {
            deliveries = deliveries.Where(d => d.State == state);
        }

        var conversations = db.Set<Conversation>().AsQueryable();
        if (!string.IsNullOrEmpty(filter.Channel))
        {
            conversations = conversations.Where(c => c.Channel == filter.Channel);
        }

        return
            from d in deliveries
            join c in conversations on d.ConversationId equals c.Id
            orderby d.Id
            select new Row { Delivery = d, Channel = c.Channel, Recipient = c.ExternalId, RecipientName = c.Title };
    }

    private static async Task<IReadOnlyList<DeliveryLogEntry>> Entries(IQueryable<Row> rows, CancellationToken ct) =>
        (await rows.ToListAsync(ct)).Select(r =>
        {
            var d = r.Delivery;
            var waiting = d.State is DeliveryState.Pending or DeliveryState.Retrying;
            return new DeliveryLogEntry(d.Id, r.Channel, r.Recipient, r.RecipientName, DeliveryStates.Name(d.State), d.Attempts,
                d.CreatedAt, d.UpdatedAt, d.SentAt, waiting ? d.NextAttemptAt : null, d.LastError);
        }).ToList();
}
