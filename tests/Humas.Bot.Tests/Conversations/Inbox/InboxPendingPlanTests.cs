using System.Data.Common;
using System.Globalization;
using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Channels.WhatsApp;
using Humas.Bot.Channels.WhatsApp.Limits;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Conversations.Inbox;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Moq;

namespace Humas.Bot.Tests.Conversations.Inbox;

/// <summary>
/// The worker's poll for pending items (many times a second while a burst is handled) is answered by the inbox's
/// pending index in arrival order: it reads the few rows it returns and the ones in hand, never the whole backlog
/// nor the handled rows, and sorts nothing. The poll's own query is explained, with a list of items in hand.
/// </summary>
public abstract class InboxPendingPlanTests(DatabaseKind kind) : IDisposable
{
    private readonly TestDatabase _database = new(kind: kind);
    private readonly SqliteWriteGate _gate = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Telegram_inbox_poll_reads_pending_rows_in_order_from_its_index()
    {
        var inbox = new TelegramInbox(_database, _gate, Mock.Of<IInboundArrivals>(), Options.Create(new TelegramOptions { Token = "1:test" }), TimeProvider.System);
        var start = new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc);
        await AddAsync(Enumerable.Range(1, 600).Select(i => new TelegramInboxItem
        {
            UpdateId = i, Payload = "{}", ReceivedAt = start.AddMilliseconds(i), ProcessedAt = i <= 300 ? start.AddSeconds(1) : null,
        }));
        var inHand = Enumerable.Range(301, 5).Select(i => new TelegramInboxItem { UpdateId = i, Payload = "{}" }).ToList();

        await AssertPlanAsync(db => inbox.PendingQuery(db, 64, inHand), "TelegramInbox");
    }

    [Fact]
    public async Task WhatsApp_inbox_poll_reads_pending_rows_in_order_from_its_index()
    {
        var options = Mock.Of<IOptionsMonitor<WhatsAppOptions>>(o => o.CurrentValue == new WhatsAppOptions());
        var inbox = new WhatsAppInbox(_database, _gate, new WhatsAppMessagingTier(_database, _gate, TimeProvider.System), options, TimeProvider.System);
        var start = new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc);
        await AddAsync(Enumerable.Range(1, 600).Select(i => new WhatsAppInboxItem
        {
            Key = "m" + i.ToString(CultureInfo.InvariantCulture), WaId = "62811" + (i % 40).ToString(CultureInfo.InvariantCulture), Payload = "{}",
            ReceivedAt = start.AddMilliseconds(i), OccurredAt = start, ProcessedAt = i <= 300 ? start.AddSeconds(1) : null,
        }));
        await using var read = _database.CreateDbContext();
        var inHand = await read.Set<WhatsAppInboxItem>().AsNoTracking().Where(i => i.ProcessedAt == null).OrderBy(i => i.Id).Take(5).ToListAsync();

        await AssertPlanAsync(db => inbox.PendingQuery(db, 64, inHand), "WhatsAppInbox");
    }

    [Fact]
    public async Task The_polls_statement_is_the_same_however_many_items_are_in_hand()
    {
        var inbox = new TelegramInbox(_database, _gate, Mock.Of<IInboundArrivals>(), Options.Create(new TelegramOptions { Token = "1:test" }), TimeProvider.System);
        List<TelegramInboxItem> InHand(int count) =>
            [.. Enumerable.Range(1, count).Select(i => new TelegramInboxItem { UpdateId = i, Account = "bot" + (i % 3).ToString(CultureInfo.InvariantCulture), Payload = "{}" })];
        await using var db = _database.CreateDbContext();

        await using DbCommand few = inbox.PendingQuery(db, 50, InHand(3)).CreateDbCommand();
        await using DbCommand many = inbox.PendingQuery(db, 50, InHand(256)).CreateDbCommand();

        // One parameter per list of keys (and the page size): the same text for EF to cache and the database to reuse.
        Assert.Equal(few.CommandText, many.CommandText);
        Assert.InRange(many.Parameters.Count, 1, 3);
    }

    [Fact]
    public async Task The_WhatsApp_polls_statement_is_the_same_however_many_items_are_in_hand()
    {
        var options = Mock.Of<IOptionsMonitor<WhatsAppOptions>>(o => o.CurrentValue == new WhatsAppOptions());
        var inbox = new WhatsAppInbox(_database, _gate, new WhatsAppMessagingTier(_database, _gate, TimeProvider.System), options, TimeProvider.System);
        List<WhatsAppInboxItem> InHand(int count) =>
            [.. Enumerable.Range(1, count).Select(i => new WhatsAppInboxItem { Id = i, Key = "m" + i.ToString(CultureInfo.InvariantCulture), WaId = "62811", Payload = "{}" })];
        await using var db = _database.CreateDbContext();

        await using DbCommand few = inbox.PendingQuery(db, 50, InHand(3)).CreateDbCommand();
        await using DbCommand many = inbox.PendingQuery(db, 50, InHand(256)).CreateDbCommand();

        Assert.Equal(few.CommandText, many.CommandText);
        Assert.InRange(many.Parameters.Count, 1, 2);
    }

    private async Task AddAsync<TItem>(IEnumerable<TItem> items)
        where TItem : InboxItem
    {
        await using var db = _database.CreateDbContext();
        db.AddRange(items);
        await db.SaveChangesAsync();
        if (kind == DatabaseKind.Postgres)
        {
            // As autovacuum would have by now; the service never analyses SQLite, so its planner goes without.
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }
    }

    private async Task AssertPlanAsync<TItem>(Func<HumasDbContext, IQueryable<TItem>> query, string table)
        where TItem : InboxItem
    {
        await using var db = _database.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        if (kind == DatabaseKind.Postgres)
        {
            // With scans and sorts priced out, the plan shows whether an index can answer the poll in its order.
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off; SET enable_sort = off");
        }

        await using DbCommand command = query(db).CreateDbCommand();
        command.CommandText = (kind == DatabaseKind.Postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + command.CommandText;
        var text = string.Join("\n", await QueryPlans.ReadAsync(command));
        Assert.Contains($"IX_{table}_Pending", text, StringComparison.Ordinal);
        Assert.DoesNotContain(kind == DatabaseKind.Postgres ? "Sort" : "TEMP B-TREE", text, StringComparison.Ordinal);
    }
}

public sealed class InboxPendingPlanTestsOnSqlite() : InboxPendingPlanTests(DatabaseKind.Sqlite);

public sealed class InboxPendingPlanTestsOnPostgres() : InboxPendingPlanTests(DatabaseKind.Postgres);
