using System.Linq.Expressions;
using Humas.Bot.Channels.WhatsApp.Limits;
using Humas.Bot.Conversations.Inbox;
using Humas.Bot.Host;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp.Webhook;

/// <summary>
/// The durable inbox behind <c>POST /api/whatsapp/webhook</c>: store first (de-duplicated on the item's key),
/// answer 200, handle later in arrival order. Also answers whether a reader's 24-hour window is open.
/// </summary>
public sealed class WhatsAppInbox(
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    WhatsAppMessagingTier tier,
    IOptionsMonitor<WhatsAppOptions> options,
    TimeProvider time) : DurableInbox<WhatsAppInboxItem>(factory, sqliteWriter, time)
{
    /// <summary>Meta's customer-service window: free-form messages only within this long after the reader's last message.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>Meta retries a webhook for up to 7 days; a day more recognises every redelivery.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(8);

    public override string Name => "WhatsApp";

    public override bool Enabled => options.CurrentValue.Enabled;

    public override string Describe(WhatsAppInboxItem item) => item.Kind.ToString().ToLowerInvariant() + " " + item.Key;

    /// <summary>A reader's messages and the statuses of what we sent them keep their order; other readers' run beside them.</summary>
    public override string? ChatOf(WhatsAppInboxItem item) => item.WaId;

    protected override Expression<Func<WhatsAppInboxItem, bool>> IsAnyOf(IReadOnlyCollection<WhatsAppInboxItem> items)
    {
        var ids = items.Select(i => i.Id).ToList();
        return i => EF.Parameter(ids).Contains(i.Id);
    }

    protected override IOrderedQueryable<WhatsAppInboxItem> InArrivalOrder(IQueryable<WhatsAppInboxItem> items) => items.OrderBy(i => i.Id);

    /// <summary>
    /// Stores the items not stored yet; returns how many were new. Commits before returning, in one transaction with
    /// the items other requests store at the same time (a group commit).
    /// </summary>
    public Task<int> AddAsync(IReadOnlyList<WebhookItem> items, CancellationToken ct)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        return StoreAsync(
            [
                .. items.Select(item => Arrived(
                    new WhatsAppInboxItem
                    {
                        Key = item.Key,
                        Kind = item.Kind,
                        WaId = item.WaId,
                        Account = item.Account,
                        // A reader's clock cannot open the window into the future.
                        OccurredAt = item.OccurredAt is { } at && at < now ? at : now,
                        ErrorCode = item.ErrorCode,
                        Payload = item.Payload,
                    },
                    now)),
            ],
            ct);
    }

    protected override IReadOnlyList<string> UniqueKey { get; } = [nameof(WhatsAppInboxItem.Key)];

    /// <summary>
    /// Deletes handled rows older than <see cref="Retention"/>: Meta retries for up to 7 days, so rows are kept 8 days
    /// to recognise a redelivery; that also covers the 24-hour window's record. The messaging tier's day-old
    /// contacts are pruned with them (the same hourly round on the leader).
    /// </summary>
    public override async Task PruneAsync(CancellationToken ct)
    {
        var before = Time.GetUtcNow().UtcDateTime - Retention;
        // Oldest first by the handled rows' index (IX_WhatsAppInbox_Handled), in batches behind the SQLite write gate.
        await BatchedDelete.DeleteAsync(
            Factory, SqliteWriter, db => db.Set<WhatsAppInboxItem>().Where(i => i.ProcessedAt != null && i.ReceivedAt < before), i => i.ReceivedAt, i => i.Id, PruneBatchSize, ct);
        await tier.PruneAsync(ct);
    }

    /// <summary>
    /// Open when the reader wrote to the number of <paramref name="account"/> within the last 24 hours and Meta has not
    /// since answered 131047 (outside the window) for them there: Meta's own clock decides, ours only guesses. A window
    /// is one reader's with one business number: writing to an institution's number opens none with the national one.
    /// </summary>
    public async Task<bool> IsWindowOpenAsync(string waId, string account, CancellationToken ct)
    {
        await using var db = await Factory.CreateDbContextAsync(ct);
        var since = Time.GetUtcNow().UtcDateTime - Window;
        var lastMessage = await db.Set<WhatsAppInboxItem>()
            .Where(i => i.WaId == waId && i.Kind == WhatsAppItemKind.Message && i.OccurredAt > since && i.Account == account)
            .MaxAsync(i => (DateTime?)i.OccurredAt, ct);
        if (lastMessage is null)
        {
            return false;
        }

        var closed = await db.Set<WhatsAppInboxItem>()
            .AnyAsync(i => i.WaId == waId && i.Kind == WhatsAppItemKind.Status && i.ErrorCode == WhatsAppFailureClassifier.OutsideWindow && i.ReceivedAt > lastMessage && i.Account == account, ct);
        return !closed;
    }

    /// <summary>Records Meta's synchronous 131047 for <paramref name="waId"/> with <paramref name="account"/>'s number so the next send there goes as the template.</summary>
    public async Task RecordWindowClosedAsync(string waId, string account, string messageKey, CancellationToken ct)
    {
        await using var db = await Factory.CreateDbContextAsync(ct);
        using var gate = await SqliteWriter.EnterAsync(db, ct);
        var now = Time.GetUtcNow().UtcDateTime;
        db.Add(new WhatsAppInboxItem
        {
            Key = Truncate($"closed/{now.Ticks}/{messageKey}", WebhookEnvelope.MaxKeyLength),
            Kind = WhatsAppItemKind.Status,
            WaId = waId,
            Account = account,
            OccurredAt = now,
            ErrorCode = WhatsAppFailureClassifier.OutsideWindow,
            Payload = "{}",
            ReceivedAt = now,
            ProcessedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Remembers that an answer to our message <paramref name="wamid"/> submits <paramref name="action"/> (kept as long as the inbox keeps rows).</summary>
    public async Task RecordPromptAsync(string waId, string wamid, string action, CancellationToken ct)
    {
        await using var db = await Factory.CreateDbContextAsync(ct);
        using var gate = await SqliteWriter.EnterAsync(db, ct);
        var now = Time.GetUtcNow().UtcDateTime;
        db.Add(new WhatsAppInboxItem
        {
            Key = Truncate("prompt/" + wamid, WebhookEnvelope.MaxKeyLength),
            Kind = WhatsAppItemKind.Prompt,
            WaId = waId,
            OccurredAt = now,
            Payload = action,
            ReceivedAt = now,
            ProcessedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The action an answer from <paramref name="waId"/> to our message <paramref name="wamid"/> submits, if that message was a prompt to them.</summary>
    public async Task<string?> PromptActionAsync(string waId, string wamid, CancellationToken ct)
    {
        await using var db = await Factory.CreateDbContextAsync(ct);
        var key = "prompt/" + wamid;
        return await db.Set<WhatsAppInboxItem>()
            .Where(i => i.Key == key && i.Kind == WhatsAppItemKind.Prompt && i.WaId == waId)
            .Select(i => i.Payload).FirstOrDefaultAsync(ct);
    }

    private static string Truncate(string text, int max) => text.Length > max ? text[..max] : text;
}
