using System.Linq.Expressions;
using Humas.Bot.Conversations.Inbox;
using Humas.Bot.Host;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// The one door for incoming updates, shared by polling and the webhook: store first (durable, de-duplicated
/// on update_id), then wake the worker. Handling happens later, so slow handling never delays Telegram's ack.
/// </summary>
public sealed class TelegramInbox(
    IDbContextFactory<HumasDbContext> factory, SqliteWriteGate sqliteWriter, IOptions<TelegramOptions> options, TimeProvider time)
    : DurableInbox<TelegramInboxItem>(factory, sqliteWriter, time)
{
    /// <summary>How long handled rows are kept for recognising redeliveries.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(3);

    public override string Name => "Telegram";

    public override bool Enabled => options.Value.Enabled;

    public override string Describe(TelegramInboxItem item) => "update " + item.UpdateId;

    public override string? ChatOf(TelegramInboxItem item) => TelegramUpdateChat.Of(item.Payload);

    protected override Expression<Func<TelegramInboxItem, bool>> IsAnyOf(IReadOnlyCollection<TelegramInboxItem> items)
    {
        var ids = items.Select(i => i.UpdateId).ToList();
        return i => ids.Contains(i.UpdateId);
    }

    protected override Expression<Func<TelegramInboxItem, bool>> Is(TelegramInboxItem item)
    {
        var id = item.UpdateId;
        return i => i.UpdateId == id;
    }

    protected override IOrderedQueryable<TelegramInboxItem> InArrivalOrder(IQueryable<TelegramInboxItem> items) => items.OrderBy(i => i.UpdateId);

    /// <summary>
    /// Stores the updates not stored yet; returns how many were new. Commits before returning, in one transaction with
    /// the updates other requests store at the same time (a group commit).
    /// </summary>
    public Task<int> AddAsync(IReadOnlyList<(long UpdateId, string Payload)> updates, CancellationToken ct)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        return StoreAsync([.. updates.Select(u => Arrived(new TelegramInboxItem { UpdateId = u.UpdateId, Payload = u.Payload }, now))], ct);
    }

    protected override async Task<IReadOnlyList<int>> WriteBatchAsync(IReadOnlyList<IReadOnlyList<TelegramInboxItem>> requests, CancellationToken ct)
    {
        await using var db = await Factory.CreateDbContextAsync(ct);
        using var gate = await SqliteWriter.EnterAsync(db, ct);
        var ids = requests.SelectMany(r => r).Select(i => i.UpdateId).Distinct().ToList();
        var stored = (await db.Set<TelegramInboxItem>().Where(i => ids.Contains(i.UpdateId)).Select(i => i.UpdateId).ToListAsync(ct)).ToHashSet();
        var added = new int[requests.Count];
        for (var r = 0; r < requests.Count; r++)
        {
            foreach (var item in requests[r])
            {
                if (stored.Add(item.UpdateId))
                {
                    db.Add(item);
                    added[r]++;
                }
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent delivery of the same update (webhook retry racing the first, in another instance) may
            // have stored it first; anything else is a real failure the callers must see.
            if (!await AllStoredAsync(ids, ct))
            {
                throw;
            }

            Array.Clear(added);
        }

        if (added.Any(n => n > 0))
        {
            Wake();
        }

        return added;
    }

    /// <summary>
    /// The getUpdates offset to resume from: one past the last stored update, unless that update is more
    /// than six days old. After a week without updates Telegram picks the next update_id at random, so an
    /// old offset could lie above every new id and hide them; Telegram keeps unconfirmed updates for only
    /// 24 hours, so starting without an offset then cannot replay anything already handled.
    /// </summary>
    public async Task<long?> ResumeOffsetAsync(DateTime nowUtc, CancellationToken ct)
    {
        await using var db = await Factory.CreateDbContextAsync(ct);
        var last = await db.Set<TelegramInboxItem>().OrderByDescending(i => i.UpdateId)
            .Select(i => new { i.UpdateId, i.ReceivedAt }).FirstOrDefaultAsync(ct);
        return last is null || nowUtc - last.ReceivedAt > TimeSpan.FromDays(6) ? null : last.UpdateId + 1;
    }

    /// <summary>
    /// Deletes handled rows older than <see cref="Retention"/>, always keeping the newest row (it is
    /// the polling offset). Telegram keeps unconfirmed updates for 24 h, so a few days of rows is enough
    /// to recognise any redelivery.
    /// </summary>
    public override async Task PruneAsync(CancellationToken ct)
    {
        var before = Time.GetUtcNow().UtcDateTime - Retention;
        await using var db = await Factory.CreateDbContextAsync(ct);
        var newest = await db.Set<TelegramInboxItem>().MaxAsync(i => (long?)i.UpdateId, ct) ?? 0;
        await db.Set<TelegramInboxItem>()
            .Where(i => i.ProcessedAt != null && i.ReceivedAt < before && i.UpdateId != newest)
            .ExecuteDeleteAsync(ct);
    }

    private async Task<bool> AllStoredAsync(List<long> ids, CancellationToken ct)
    {
        await using var db = await Factory.CreateDbContextAsync(ct);
        return await db.Set<TelegramInboxItem>().CountAsync(i => ids.Contains(i.UpdateId), ct) == ids.Count;
    }
}
