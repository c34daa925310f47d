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
    : DurableInbox<TelegramInboxItem>(factory, time)
{
    /// <summary>How long handled rows are kept for recognising redeliveries.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(3);

    public override string Name => "Telegram";

    public override bool Enabled => options.Value.Enabled;

    public override string Describe(TelegramInboxItem item) =>
        item.Account.Length == 0 ? "update " + item.UpdateId : $"update {item.UpdateId} of {item.Account}'s bot";

    protected override Expression<Func<TelegramInboxItem, bool>> Is(TelegramInboxItem item)
    {
        var id = item.UpdateId;
        var account = item.Account;
        return i => i.Account == account && i.UpdateId == id;
    }

    /// <summary>
    /// Arrival first, then update_id: each bot's ids rise, so every bot's updates keep their order, and one bot's
    /// backlog does not wait for another's (ids of different bots say nothing about each other).
    /// </summary>
    protected override IOrderedQueryable<TelegramInboxItem> InArrivalOrder(IQueryable<TelegramInboxItem> items) =>
        items.OrderBy(i => i.ReceivedAt).ThenBy(i => i.UpdateId);

    /// <summary>Stores the shared bot's updates not stored yet; returns how many were new. Commits before returning.</summary>
    public Task<int> AddAsync(IReadOnlyList<(long UpdateId, string Payload)> updates, CancellationToken ct) => AddAsync("", updates, ct);

    /// <summary>Stores the updates of <paramref name="account"/>'s bot not stored yet; returns how many were new. Commits before returning.</summary>
    public async Task<int> AddAsync(string account, IReadOnlyList<(long UpdateId, string Payload)> updates, CancellationToken ct)
    {
        if (updates.Count == 0)
        {
            return 0;
        }

        await using var db = await Factory.CreateDbContextAsync(ct);
        using var gate = await sqliteWriter.EnterAsync(db, ct);
        return await AddGatedAsync(db, account, updates, ct);
    }

    private async Task<int> AddGatedAsync(HumasDbContext db, string account, IReadOnlyList<(long UpdateId, string Payload)> updates, CancellationToken ct)
    {
        var ids = updates.Select(u => u.UpdateId).ToList();
        var known = await db.Set<TelegramInboxItem>().Where(i => i.Account == account && ids.Contains(i.UpdateId)).Select(i => i.UpdateId).ToListAsync(ct);
        var now = Time.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var (id, payload) in updates.DistinctBy(u => u.UpdateId))
        {
            if (!known.Contains(id))
            {
                db.Add(Arrived(new TelegramInboxItem { Account = account, UpdateId = id, Payload = payload }, now));
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
            if (!await AllStoredAsync(account, ids, ct))
            {
                throw;
            }

            added = 0;
        }

        if (added > 0)
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
    public Task<long?> ResumeOffsetAsync(DateTime nowUtc, CancellationToken ct) => ResumeOffsetAsync("", nowUtc, ct);

    /// <summary>The getUpdates offset of <paramref name="account"/>'s bot (see the overload above).</summary>
    public async Task<long?> ResumeOffsetAsync(string account, DateTime nowUtc, CancellationToken ct)
    {
        await using var db = await Factory.CreateDbContextAsync(ct);
        var last = await db.Set<TelegramInboxItem>().Where(i => i.Account == account).OrderByDescending(i => i.UpdateId)
            .Select(i => new { i.UpdateId, i.ReceivedAt }).FirstOrDefaultAsync(ct);
        return last is null || nowUtc - last.ReceivedAt > TimeSpan.FromDays(6) ? null : last.UpdateId + 1;
    }

    /// <summary>
    /// Deletes handled rows older than <see cref="Retention"/>, always keeping each bot's newest row (it is
    /// that bot's polling offset). Telegram keeps unconfirmed updates for 24 h, so a few days of rows is enough
    /// to recognise any redelivery.
    /// </summary>
    public override async Task PruneAsync(CancellationToken ct)
    {
        var before = Time.GetUtcNow().UtcDateTime - Retention;
        await using var db = await Factory.CreateDbContextAsync(ct);
        var items = db.Set<TelegramInboxItem>();
        await items
            .Where(i => i.ProcessedAt != null && i.ReceivedAt < before
                && i.UpdateId != items.Where(n => n.Account == i.Account).Max(n => n.UpdateId))
            .ExecuteDeleteAsync(ct);
    }

    private async Task<bool> AllStoredAsync(string account, List<long> ids, CancellationToken ct)
    {
        await using var db = await Factory.CreateDbContextAsync(ct);
        return await db.Set<TelegramInboxItem>().CountAsync(i => i.Account == account && ids.Contains(i.UpdateId), ct) == ids.Distinct().Count();
    }
}
