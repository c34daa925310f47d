using Humas.Bot.Host;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// The one door for incoming updates, shared by polling and the webhook: store first (durable, de-duplicated
/// on update_id), then wake the worker. Handling happens later, so slow handling never delays Telegram's ack.
/// </summary>
public sealed class TelegramInbox(IDbContextFactory<HumasDbContext> factory, SqliteWriteGate sqliteWriter, TimeProvider time)
{
    private readonly InboxSignal _signal = new();

    /// <summary>Stores the updates not stored yet; returns how many were new. Commits before returning.</summary>
    public async Task<int> AddAsync(IReadOnlyList<(long UpdateId, string Payload)> updates, CancellationToken ct)
    {
        if (updates.Count == 0)
        {
            return 0;
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        using var gate = await sqliteWriter.EnterAsync(db, ct);
        return await AddGatedAsync(db, updates, ct);
    }

    private async Task<int> AddGatedAsync(HumasDbContext db, IReadOnlyList<(long UpdateId, string Payload)> updates, CancellationToken ct)
    {
        var ids = updates.Select(u => u.UpdateId).ToList();
        var known = await db.Set<TelegramInboxItem>().Where(i => ids.Contains(i.UpdateId)).Select(i => i.UpdateId).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var (id, payload) in updates.DistinctBy(u => u.UpdateId))
        {
            if (!known.Contains(id))
            {
                db.Add(new TelegramInboxItem { UpdateId = id, Payload = payload, ReceivedAt = now });
                added++;
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent delivery of the same update (webhook retry racing the first) may have stored it
            // first; anything else is a real failure the caller must see.
            if (!await AllStoredAsync(ids, ct))
            {
                throw;
            }

            added = 0;
        }

        if (added > 0)
        {
            _signal.Wake();
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
        await using var db = await factory.CreateDbContextAsync(ct);
        var last = await db.Set<TelegramInboxItem>().OrderByDescending(i => i.UpdateId)
            .Select(i => new { i.UpdateId, i.ReceivedAt }).FirstOrDefaultAsync(ct);
        return last is null || nowUtc - last.ReceivedAt > TimeSpan.FromDays(6) ? null : last.UpdateId + 1;
    }

    public async Task<List<TelegramInboxItem>> PendingAsync(int max, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<TelegramInboxItem>().AsNoTracking()
            .Where(i => i.ProcessedAt == null).OrderBy(i => i.UpdateId).Take(max).ToListAsync(ct);
    }

    /// <summary>Handled, or given up on with <paramref name="error"/>.</summary>
    public async Task CompleteAsync(long updateId, int attempts, string? error, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var shortError = Truncate(error);
        await db.Set<TelegramInboxItem>().Where(i => i.UpdateId == updateId).ExecuteUpdateAsync(u => u
            .SetProperty(i => i.ProcessedAt, now)
            .SetProperty(i => i.Attempts, attempts)
            .SetProperty(i => i.LastError, shortError), ct);
    }

    /// <summary>A failed attempt that will be retried.</summary>
    public async Task RecordFailureAsync(long updateId, int attempts, string error, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var shortError = Truncate(error);
        await db.Set<TelegramInboxItem>().Where(i => i.UpdateId == updateId).ExecuteUpdateAsync(u => u
            .SetProperty(i => i.Attempts, attempts)
            .SetProperty(i => i.LastError, shortError), ct);
    }

    /// <summary>
    /// Deletes handled rows received before <paramref name="before"/>, always keeping the newest row (it is
    /// the polling offset). Telegram keeps unconfirmed updates for 24 h, so a few days of rows is enough
    /// to recognise any redelivery.
    /// </summary>
    public async Task<int> PruneAsync(DateTime before, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var newest = await db.Set<TelegramInboxItem>().MaxAsync(i => (long?)i.UpdateId, ct) ?? 0;
        return await db.Set<TelegramInboxItem>()
            .Where(i => i.ProcessedAt != null && i.ReceivedAt < before && i.UpdateId != newest)
            .ExecuteDeleteAsync(ct);
    }

    /// <summary>Waits until something is added or <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, time, ct);

    private async Task<bool> AllStoredAsync(List<long> ids, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<TelegramInboxItem>().CountAsync(i => ids.Contains(i.UpdateId), ct) == ids.Distinct().Count();
    }

    private static string? Truncate(string? text) => text is { Length: > 1000 } ? text[..1000] : text;
}

/// <summary>Wakes the inbox worker when updates are stored.</summary>
internal sealed class InboxSignal : WorkSignal;
