using System.Linq.Expressions;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Conversations.Inbox;
using Humas.Bot.Host;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// The one door for incoming updates, shared by polling and the webhook: store first (durable, de-duplicated
/// on update_id), then wake the worker. Handling happens later, so slow handling never delays Telegram's ack;
/// a reaction press is answered as it arrives (<see cref="IInboundArrivals"/>), not in its turn.
/// </summary>
public sealed class TelegramInbox(
    IDbContextFactory<HumasDbContext> factory, SqliteWriteGate sqliteWriter, IInboundArrivals arrivals, IOptions<TelegramOptions> options, TimeProvider time)
    : DurableInbox<TelegramInboxItem>(factory, sqliteWriter, time)
{
    /// <summary>How long handled rows are kept for recognising redeliveries.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(3);

    public override string Name => "Telegram";

    public override bool Enabled => options.Value.Enabled;

    public override string Describe(TelegramInboxItem item) =>
        item.Account.Length == 0 ? "update " + item.UpdateId : $"update {item.UpdateId} of {item.Account}'s bot";

    /// <summary>The chat, per bot: a person's conversations with two bots are two conversations.</summary>
    public override string? ChatOf(TelegramInboxItem item)
    {
        var chat = TelegramUpdateChat.Of(item.Payload);
        return chat is null || item.Account.Length == 0 ? chat : item.Account + "/" + chat;
    }

    /// <summary>
    /// The rows of <paramref name="items"/>, and at worst a row of another bot with the same update_id (ids and bots are
    /// matched apart, which both providers translate): such a row only waits until these are done.
    /// </summary>
    protected override Expression<Func<TelegramInboxItem, bool>> IsAnyOf(IReadOnlyCollection<TelegramInboxItem> items)
    {
        var ids = items.Select(i => i.UpdateId).ToList();
        var accounts = items.Select(i => i.Account).Distinct().ToList();
        return i => EF.Parameter(ids).Contains(i.UpdateId) && EF.Parameter(accounts).Contains(i.Account);
    }

    /// <summary>
    /// Arrival first, then update_id: each bot's ids rise, so every bot's updates keep their order, and one bot's
    /// backlog does not wait for another's (ids of different bots say nothing about each other).
    /// </summary>
    protected override IOrderedQueryable<TelegramInboxItem> InArrivalOrder(IQueryable<TelegramInboxItem> items) =>
        items.OrderBy(i => i.ReceivedAt).ThenBy(i => i.UpdateId);

    /// <summary>Stores the shared bot's updates not stored yet (see the overload below).</summary>
    public Task<int> AddAsync(IReadOnlyList<(long UpdateId, string Payload)> updates, CancellationToken ct) => AddAsync("", updates, ct);

    /// <summary>
    /// Stores the updates of <paramref name="account"/>'s bot not stored yet; returns how many were new. Commits before
    /// returning, in one transaction with the updates other requests store at the same time (a group commit).
    /// <paramref name="reply"/>: the webhook's reply for its one update's press, told when the press's answer on arrival is over.
    /// </summary>
    public Task<int> AddAsync(string account, IReadOnlyList<(long UpdateId, string Payload)> updates, CancellationToken ct, TelegramWebhookReply? reply = null)
    {
        // Before storing, so the core knows of a press before the worker can take it. Nothing is lost if the store
        // then fails: the update is not acknowledged, comes again and is counted then.
        foreach (var (_, payload) in updates)
        {
            if (TelegramUpdateHandler.PressIn(payload, account) is { } press)
            {
                var answering = arrivals.Arrived(press);
                if (reply is not null && press.AnswerId == reply.QueryId)
                {
                    reply.SettleWith(answering);
                }
            }
        }

        var now = Time.GetUtcNow().UtcDateTime;
        return StoreAsync([.. updates.Select(u => Arrived(new TelegramInboxItem { Account = account, UpdateId = u.UpdateId, Payload = u.Payload }, now))], ct);
    }

    /// <summary>Update ids are per bot: the bot's account is part of the key.</summary>
    protected override IReadOnlyList<string> UniqueKey { get; } = [nameof(TelegramInboxItem.UpdateId), nameof(TelegramInboxItem.Account)];

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
        // Oldest first by the handled rows' index (IX_TelegramInbox_Handled), in batches behind the SQLite write gate
        // (an ungated delete would meet the webhook's inbox commits as SQLITE_BUSY). Each batch asks
        // again which row is a bot's newest, by the (Account, UpdateId) index. Update ids are per bot, so the delete
        // finds a batch's rows by id and asks the same of each (keyIsUnique: false).
        await BatchedDelete.DeleteAsync(
            Factory,
            SqliteWriter,
            db => db.Set<TelegramInboxItem>().Where(i => i.ProcessedAt != null && i.ReceivedAt < before
                && i.UpdateId != db.Set<TelegramInboxItem>().Where(n => n.Account == i.Account).Max(n => n.UpdateId)),
            i => i.ReceivedAt,
            i => i.UpdateId,
            PruneBatchSize,
            ct,
            keyIsUnique: false);
    }
}
