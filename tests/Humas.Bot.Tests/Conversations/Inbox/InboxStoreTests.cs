using System.Globalization;
using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Channels.WhatsApp;
using Humas.Bot.Channels.WhatsApp.Limits;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Humas.Bot.Tests.Conversations.Inbox;

/// <summary>
/// Storing into a durable inbox is one <c>INSERT ... ON CONFLICT DO NOTHING</c> per group commit: every update is
/// stored once however often and by however many instances it is delivered, each caller learns how many of its own
/// updates were new (the webhook's log of a redelivery, the worker's wake-up), and a batch that fails leaves nothing.
/// </summary>
public abstract class InboxStoreTests(DatabaseKind kind) : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 5, 8, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = new(kind: kind);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Two_instances_storing_the_same_updates_at_once_store_each_once_and_count_it_new_once()
    {
        // Two instances of the service on one database: each has its own gate and its own group commit.
        var first = TelegramInbox();
        var second = TelegramInbox();
        var updates = Enumerable.Range(1, 400).Select(i => ((long)i, Payload(i))).ToList();

        // Every update is posted to both, one request each, all at once (the platform's retries racing the first try).
        var posts = updates.SelectMany(u => new[] { first.AddAsync([u], default), second.AddAsync([u], default) }).ToList();
        var added = await Task.WhenAll(posts);

        Assert.Equal(400, added.Sum());
        Assert.All(added, n => Assert.InRange(n, 0, 1));
        await using var db = _database.CreateDbContext();
        var rows = await db.Set<TelegramInboxItem>().AsNoTracking().OrderBy(i => i.UpdateId).ToListAsync();
        Assert.Equal(updates.Select(u => u.Item1), rows.Select(r => r.UpdateId));
        Assert.All(rows, r => Assert.Equal(Payload(r.UpdateId), r.Payload));
        Assert.All(rows, r => Assert.Equal((Now, (DateTime?)null, 0, (string?)null), (r.ReceivedAt, r.ProcessedAt, r.Attempts, r.LastError)));

        // A redelivery later is new to no one; another bot's update with the same id is its own row.
        Assert.Equal(0, await first.AddAsync([(7, Payload(7))], default));
        Assert.Equal(1, await second.AddAsync("kemensos", [(7, Payload(7))], default));
        Assert.Equal(401, await db.Set<TelegramInboxItem>().CountAsync());
    }

    [Fact]
    public async Task Requests_committed_together_each_count_only_their_own_new_updates()
    {
        var inbox = TelegramInbox();
        Assert.Equal(1, await inbox.AddAsync([(5, Payload(5))], default));

        // One request holds an update twice and one already stored; the others share one update between them.
        var added = await Task.WhenAll(
            inbox.AddAsync([(1, Payload(1)), (1, Payload(1)), (5, Payload(5)), (2, Payload(2))], default),
            inbox.AddAsync([(3, Payload(3))], default),
            inbox.AddAsync([(3, Payload(3)), (4, Payload(4))], default));

        Assert.Equal(2, added[0]);
        Assert.Equal(4, added.Sum());
        Assert.InRange(added[2], 1, 2); // its 4 is new; its 3 is new to it or to the request before
        await using var db = _database.CreateDbContext();
        Assert.Equal([1L, 2, 3, 4, 5], await db.Set<TelegramInboxItem>().OrderBy(i => i.UpdateId).Select(i => i.UpdateId).ToListAsync());
    }

    [Fact]
    public async Task WhatsApp_items_get_their_ids_from_the_database_and_a_redelivered_key_is_skipped()
    {
        var options = Mock.Of<IOptionsMonitor<WhatsAppOptions>>(o => o.CurrentValue == new WhatsAppOptions());
        var gate = new SqliteWriteGate();
        var inbox = new WhatsAppInbox(_database, gate, new WhatsAppMessagingTier(_database, gate, TimeProvider.System), options, new FakeTimeProvider(Now));

        Assert.Equal(2, await inbox.AddAsync([Item("wamid.1", WhatsAppItemKind.Message), Item("wamid.2", WhatsAppItemKind.Status)], default));
        Assert.Equal(1, await inbox.AddAsync([Item("wamid.2", WhatsAppItemKind.Status), Item("wamid.3", WhatsAppItemKind.Message)], default));

        await using var db = _database.CreateDbContext();
        var rows = await db.Set<WhatsAppInboxItem>().AsNoTracking().OrderBy(i => i.Id).ToListAsync();
        Assert.Equal(["wamid.1", "wamid.2", "wamid.3"], rows.Select(r => r.Key));
        Assert.Equal(3, rows.Select(r => r.Id).Distinct().Count());
        Assert.Equal([WhatsAppItemKind.Message, WhatsAppItemKind.Status, WhatsAppItemKind.Message], rows.Select(r => r.Kind));
        Assert.All(rows, r => Assert.Equal(("62811", Now.AddMinutes(-1), Now), (r.WaId, r.OccurredAt, r.ReceivedAt)));
    }

    [Fact]
    public async Task A_batch_too_long_for_one_statement_is_one_transaction_and_a_bad_row_in_it_stores_none()
    {
        await using var db = _database.CreateDbContext();
        var rows = Enumerable.Range(1, 600).Select(i => new TelegramInboxItem { UpdateId = i, Payload = Payload(i), ReceivedAt = Now }).ToList();
        // The last row breaks the table's NOT NULL on Payload, in the batch's last statement.
        rows[^1].Payload = null!;
        var key = new RowKey<TelegramInboxItem>(db, [nameof(TelegramInboxItem.UpdateId), nameof(TelegramInboxItem.Account)]);

        await Assert.ThrowsAnyAsync<Exception>(() => MultiRowInsert.InsertNewAsync(db, rows, key, default));
        Assert.Equal(0, await db.Set<TelegramInboxItem>().CountAsync());

        rows[^1].Payload = Payload(600);
        rows.Add(new TelegramInboxItem { UpdateId = 1, Payload = "the same key again", ReceivedAt = Now });
        var inserted = await MultiRowInsert.InsertNewAsync(db, rows, key, default);
        Assert.Equal(rows.Take(600), inserted.OrderBy(r => r.UpdateId));
        Assert.Equal(600, await db.Set<TelegramInboxItem>().CountAsync());
        Assert.Equal(Payload(1), await db.Set<TelegramInboxItem>().Where(i => i.UpdateId == 1).Select(i => i.Payload).SingleAsync());
    }

    private TelegramInbox TelegramInbox() =>
        new(_database, new SqliteWriteGate(), Mock.Of<IInboundArrivals>(), Options.Create(new TelegramOptions { Token = "1:test" }), new FakeTimeProvider(Now));

    private static string Payload(long id) =>
        $$$"""{"update_id":{{{id.ToString(CultureInfo.InvariantCulture)}}},"message":{"message_id":1,"date":1,"chat":{"id":{{{id.ToString(CultureInfo.InvariantCulture)}}},"type":"private"},"text":"halo"}}""";

    private static WebhookItem Item(string key, WhatsAppItemKind kind) => new(key, kind, "62811", Now.AddMinutes(-1), null, "{}");
}

public sealed class InboxStoreTestsOnSqlite() : InboxStoreTests(DatabaseKind.Sqlite);

public sealed class InboxStoreTestsOnPostgres() : InboxStoreTests(DatabaseKind.Postgres);
