using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Channels.Web;
using Humas.Bot.Channels.Web.Chat;
using Humas.Bot.Channels.WhatsApp;
using Humas.Bot.Channels.WhatsApp.Limits;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Feedback;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Storage;
using Humas.Bot.Storage.Files;
using Humas.Bot.Tests.Feedback;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Humas.Bot.Tests.Storage;

/// <summary>
/// Retention clean-ups delete in batches (<see cref="BatchedDelete"/>): with a small batch size, more expired rows than
/// several batches are all deleted, no statement deletes more than a batch, and what is not expired (or is kept, as a
/// Telegram bot's newest row) stays. Each batch finds its rows by an index. On SQLite each batch takes the write gate
/// on its own: a write queued behind the clean-up gets in after the first batch, not after everything.
/// </summary>
public abstract class RetentionBatchTests(DatabaseKind kind) : IDisposable
{
    private const int Batch = 3;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly DateTime Now = new(2026, 12, 5, 8, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = new(kind: kind);
    private readonly SqliteWriteGate _gate = new();
    private readonly FakeTimeProvider _clock = new(Now);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Telegram_inbox_prune_deletes_in_batches_and_keeps_each_bots_newest_row()
    {
        var inbox = await SeedTelegramAsync();
        using var deletes = new DeleteStatements(_database);

        await inbox.PruneAsync(CancellationToken.None);

        await using var db = _database.CreateDbContext();
        var left = await db.Set<TelegramInboxItem>().OrderBy(i => i.Account).ThenBy(i => i.UpdateId).Select(i => i.Account + "/" + i.UpdateId).ToListAsync();
        // The shared bot's unhandled and recent rows, and the other bot's newest (its polling offset), though expired.
        Assert.Equal(["/11", "/20", "kemensos/103"], left);
        deletes.AssertBatches(TelegramExpired, Batch);
    }

    [Fact]
    public async Task WhatsApp_inbox_and_tier_prune_delete_in_batches_and_keep_what_is_not_expired()
    {
        var (inbox, tier) = await SeedWhatsAppAsync();
        using var deletes = new DeleteStatements(_database);

        await inbox.PruneAsync(CancellationToken.None);

        await using var db = _database.CreateDbContext();
        Assert.Equal(["pending", "recent"], await db.Set<WhatsAppInboxItem>().OrderBy(i => i.Key).Select(i => i.Key).ToListAsync());
        Assert.Equal(["recent00", "recent01"], await db.Set<WhatsAppTierContact>().OrderBy(c => c.WaId).Select(c => c.WaId).ToListAsync());
        deletes.AssertBatches(Expired + Expired, Batch);
    }

    [Fact]
    public async Task Web_chat_clean_up_deletes_messages_in_batches_and_keeps_recent_ones()
    {
        var janitor = await SeedWebMessagesAsync();
        using var deletes = new DeleteStatements(_database);

        await janitor.RunAsync(CancellationToken.None);

        await using var db = _database.CreateDbContext();
        Assert.Equal(["recent"], await db.Set<WebMessage>().Select(m => m.Kind).Distinct().ToListAsync());
        Assert.Equal(2, await db.Set<WebMessage>().CountAsync());
        deletes.AssertBatches(Expired, Batch);
    }

    [Fact]
    public async Task Counted_presses_clean_up_deletes_in_batches_and_keeps_recent_presses()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: kind);
        var janitor = await SeedCountedPressesAsync(h);
        using var deletes = new DeleteStatements(await h.DbAsync());

        await janitor.RunAsync(CancellationToken.None);

        await using var db = await h.DbAsync();
        Assert.Equal(["recent00", "recent01"], await db.Set<CountedPress>().OrderBy(p => p.PressId).Select(p => p.PressId).ToListAsync());
        deletes.AssertBatches(Expired, Batch);
    }

    [Fact]
    public async Task Every_batch_finds_its_rows_by_an_index()
    {
        var telegram = await SeedTelegramAsync();
        var (whatsApp, _) = await SeedWhatsAppAsync();
        var web = await SeedWebMessagesAsync();
        using var deletes = new DeleteStatements(_database);

        await telegram.PruneAsync(CancellationToken.None);
        await whatsApp.PruneAsync(CancellationToken.None);
        await web.RunAsync(CancellationToken.None);

        // The counted presses' batch is the web chat's with another table and column (CountedAt is indexed: the
        // model snapshot and MigratedSchemaTests keep it so); one statement per table is explained.
        var statements = deletes.Statements.DistinctBy(s => s.Sql).ToList();
        Assert.Equal(4, statements.Count);
        await using var db = _database.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        if (kind == DatabaseKind.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
            // With scans priced out, the plan shows whether an index can find the batch.
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        }

        foreach (var (sql, parameters, _) in statements)
        {
            await using var explain = db.Database.GetDbConnection().CreateCommand();
            explain.CommandText = (kind == DatabaseKind.Postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql;
            explain.Parameters.AddRange(parameters.ToArray());

            var plan = string.Join("\n", await QueryPlans.ReadAsync(explain));
            if (kind == DatabaseKind.Postgres)
            {
                Assert.False(plan.Contains("Seq Scan", StringComparison.Ordinal), $"{sql}\n{plan}");
            }
            else
            {
                // A SCAN reads a whole table or index, and so may a SEARCH without a constraint (a MAX read from the
                // index's end until a row matches); a SEARCH with one reads only the range it asks for.
                Assert.False(
                    plan.Split('\n').Any(l => l.StartsWith("SCAN ", StringComparison.Ordinal) || (l.StartsWith("SEARCH ", StringComparison.Ordinal) && !l.EndsWith(')'))),
                    $"{sql}\n{plan}");
            }

            if (sql.Contains("MAX(", StringComparison.Ordinal))
            {
                // A bot's newest row: a seek on (Account, UpdateId), not the key's index (UpdateId first) read backwards
                // until the bot's row comes, which for a bot with few updates is nearly all of it.
                Assert.True(plan.Contains("IX_TelegramInbox_Account_UpdateId", StringComparison.Ordinal), $"{sql}\n{plan}");
            }
        }
    }

    [Fact]
    public async Task Telegram_prune_lets_a_write_queued_at_the_gate_in_between_batches()
    {
        var inbox = await SeedTelegramAsync();
        await AssertAQueuedWriteGetsInBetweenAsync(
            () => inbox.PruneAsync(CancellationToken.None),
            db => db.Set<TelegramInboxItem>().CountAsync(i => i.ProcessedAt != null && i.ReceivedAt < Now - TelegramInbox.Retention
                && !(i.Account == "kemensos" && i.UpdateId == 103)),
            TelegramExpired);
    }

    [Fact]
    public async Task WhatsApp_prune_lets_a_write_queued_at_the_gate_in_between_batches()
    {
        var (inbox, _) = await SeedWhatsAppAsync();
        await AssertAQueuedWriteGetsInBetweenAsync(
            () => inbox.PruneAsync(CancellationToken.None),
            db => db.Set<WhatsAppInboxItem>().CountAsync(i => i.ProcessedAt != null && i.ReceivedAt < Now - WhatsAppInbox.Retention),
            Expired);
    }

    [Fact]
    public async Task WhatsApp_tier_prune_lets_a_write_queued_at_the_gate_in_between_batches()
    {
        var (_, tier) = await SeedWhatsAppAsync();
        await AssertAQueuedWriteGetsInBetweenAsync(
            () => tier.PruneAsync(CancellationToken.None),
            db => db.Set<WhatsAppTierContact>().CountAsync(c => c.WaId.StartsWith("old")),
            Expired);
    }

    [Fact]
    public async Task Web_chat_clean_up_lets_a_write_queued_at_the_gate_in_between_batches()
    {
        var janitor = await SeedWebMessagesAsync();
        await AssertAQueuedWriteGetsInBetweenAsync(
            () => janitor.RunAsync(CancellationToken.None),
            db => db.Set<WebMessage>().CountAsync(m => m.Kind == "old"),
            Expired);
    }

    [Fact]
    public async Task Counted_presses_clean_up_lets_a_write_queued_at_the_gate_in_between_batches()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: kind);
        var janitor = await SeedCountedPressesAsync(h);
        await AssertAQueuedWriteGetsInBetweenAsync(
            () => janitor.RunAsync(CancellationToken.None),
            db => db.Set<CountedPress>().CountAsync(p => p.PressId.StartsWith("old")),
            Expired,
            h.Get<SqliteWriteGate>(),
            () => h.DbAsync());
    }

    /// <summary>Expired rows per table: more than three batches, and not a whole number of them.</summary>
    private const int Expired = 10;

    /// <summary>The Telegram rows the prune deletes: the shared bot's expired handled ones and all but the other bot's newest.</summary>
    private const int TelegramExpired = Expired + 3;

    private async Task<TelegramInbox> SeedTelegramAsync()
    {
        var old = Now - TelegramInbox.Retention - TimeSpan.FromHours(1);
        var rows = new List<TelegramInboxItem>();
        for (var i = 1; i <= Expired; i++)
        {
            rows.Add(new TelegramInboxItem { UpdateId = i, Payload = "{}", ReceivedAt = old.AddSeconds(i), ProcessedAt = old.AddSeconds(i) });
        }

        // Expired but not handled; then the shared bot's newest, recent.
        rows.Add(new TelegramInboxItem { UpdateId = 11, Payload = "{}", ReceivedAt = old });
        rows.Add(new TelegramInboxItem { UpdateId = 20, Payload = "{}", ReceivedAt = Now, ProcessedAt = Now });
        // Another bot, all expired and handled: its newest row stays.
        for (var i = 100; i <= 103; i++)
        {
            rows.Add(new TelegramInboxItem { Account = "kemensos", UpdateId = i, Payload = "{}", ReceivedAt = old.AddSeconds(i), ProcessedAt = old.AddSeconds(i) });
        }

        await AddAsync(rows);
        return new TelegramInbox(_database, _gate, Mock.Of<IInboundArrivals>(), Options.Create(new TelegramOptions { Token = "1:test" }), _clock)
        {
            PruneBatchSize = Batch,
        };
    }

    private async Task<(WhatsAppInbox Inbox, WhatsAppMessagingTier Tier)> SeedWhatsAppAsync()
    {
        var old = Now - WhatsAppInbox.Retention - TimeSpan.FromHours(1);
        var rows = Enumerable.Range(0, Expired).Select(i => Item("old" + N(i), old.AddSeconds(i), old.AddSeconds(i))).ToList();
        rows.Add(Item("pending", old, null));
        rows.Add(Item("recent", Now, Now));
        await AddAsync(rows);
        var contacts = Enumerable.Range(0, Expired).Select(i => new WhatsAppTierContact { WaId = "old" + N(i), At = Now.AddDays(-1).AddSeconds(-i) }).ToList();
        contacts.AddRange(Enumerable.Range(0, 2).Select(i => new WhatsAppTierContact { WaId = "recent" + N(i), At = Now.AddHours(-1) }));
        await AddAsync(contacts);

        var options = Mock.Of<IOptionsMonitor<WhatsAppOptions>>(o => o.CurrentValue == new WhatsAppOptions());
        var tier = new WhatsAppMessagingTier(_database, _gate, _clock) { BatchSize = Batch };
        return (new WhatsAppInbox(_database, _gate, tier, options, _clock) { PruneBatchSize = Batch }, tier);

        static WhatsAppInboxItem Item(string key, DateTime received, DateTime? processed) => new()
        {
            Key = key, WaId = "62811", Kind = WhatsAppItemKind.Message, Payload = "{}", OccurredAt = received, ReceivedAt = received, ProcessedAt = processed,
        };
    }

    private async Task<WebMessageJanitor> SeedWebMessagesAsync()
    {
        var web = new WebOptions();
        var old = Now.AddDays(-web.MessageRetentionDays - 1);
        var rows = Enumerable.Range(0, Expired).Select(i => Message("old", old.AddSeconds(i))).ToList();
        rows.Add(Message("recent", Now.AddDays(-web.MessageRetentionDays + 1)));
        rows.Add(Message("recent", Now));
        await AddAsync(rows);

        var uploads = new WebUploads(
            new FileStore(_database, Options.Create(new FileStoreOptions()), new ConfigurationBuilder().Build(), _clock),
            Options.Create(web),
            Options.Create(new TipsOptions()),
            _clock);
        return new WebMessageJanitor(_database, _gate, uploads, Options.Create(web), _clock, NullLogger<WebMessageJanitor>.Instance) { BatchSize = Batch };

        static WebMessage Message(string kind, DateTime at) => new() { VisitorId = "v1", Kind = kind, Payload = "{}", CreatedAt = at, UpdatedAt = at };
    }

    private static async Task<CountedPressJanitor> SeedCountedPressesAsync(Delivery.DeliveryHarness h)
    {
        var (article, _) = await h.PublishAsync(title: "Pressed");
        var now = h.Clock.GetUtcNow().UtcDateTime;
        var old = now - CountedPresses.Retention - TimeSpan.FromHours(1);
        await using (var db = await h.DbAsync())
        {
            db.AddRange(Enumerable.Range(0, Expired).Select(i => new CountedPress { PressId = "old" + N(i), ArticleId = article, CountedAt = old.AddSeconds(i) }));
            db.AddRange(Enumerable.Range(0, 2).Select(i => new CountedPress { PressId = "recent" + N(i), ArticleId = article, CountedAt = now }));
            await db.SaveChangesAsync();
        }

        var janitor = h.Get<CountedPressJanitor>();
        janitor.BatchSize = Batch;
        return janitor;
    }

    private Task AssertAQueuedWriteGetsInBetweenAsync(Func<Task> cleanUp, Func<HumasDbContext, Task<int>> expiredLeft, int expired) =>
        AssertAQueuedWriteGetsInBetweenAsync(cleanUp, expiredLeft, expired, _gate, () => Task.FromResult(_database.CreateDbContext()));

    /// <summary>
    /// SQLite only (PostgreSQL has no gate): the gate is held while the clean-up queues at it and then another writer,
    /// which counts the expired rows left when it gets the gate. One statement for everything would leave it none;
    /// batches leave it all but the first batch.
    /// </summary>
    private async Task AssertAQueuedWriteGetsInBetweenAsync(
        Func<Task> cleanUp, Func<HumasDbContext, Task<int>> expiredLeft, int expired, SqliteWriteGate gate, Func<Task<HumasDbContext>> open)
    {
        if (kind != DatabaseKind.Sqlite)
        {
            return;
        }

        Task running;
        Task<int> seen;
        await using (var db = await open())
        using (await gate.EnterAsync(db, CancellationToken.None))
        {
            running = Task.Run(cleanUp);
            await WaitUntilQueuedAsync(gate, 1);
            seen = Task.Run(async () =>
            {
                await using var own = await open();
                using (await gate.EnterAsync(own, CancellationToken.None))
                {
                    return await expiredLeft(own);
                }
            });
            await WaitUntilQueuedAsync(gate, 2);
        }

        await running.WaitAsync(Bound);
        Assert.Equal(expired - Batch, await seen.WaitAsync(Bound));
        await using var after = await open();
        Assert.Equal(0, await expiredLeft(after));
    }

    private static Task WaitUntilQueuedAsync(SqliteWriteGate gate, int count) =>
        Eventually.UntilAsync(() => gate.Waiting >= count, $"{count} waiters queued at the gate");

    private async Task AddAsync<T>(IEnumerable<T> rows)
        where T : class
    {
        await using var db = _database.CreateDbContext();
        db.AddRange(rows);
        await db.SaveChangesAsync();
    }

    private static string N(int i) => i.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>
    /// The DELETE statements EF runs on one database, from any context (EF's diagnostic events, so the service's own
    /// factories need no interceptor): text, parameters and rows deleted.
    /// </summary>
    private sealed class DeleteStatements : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _dataSource;
        private readonly string _database;
        private readonly IDisposable _listeners;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly ConcurrentQueue<(string Sql, List<DbParameter> Parameters, int Rows)> _seen = new();

        public DeleteStatements(TestDatabase database)
            : this(database.CreateDbContext())
        {
        }

        public DeleteStatements(HumasDbContext sample)
        {
            using (sample)
            {
                var connection = sample.Database.GetDbConnection();
                (_dataSource, _database) = (connection.DataSource, connection.Database);
            }

            _listeners = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public IReadOnlyList<(string Sql, List<DbParameter> Parameters, int Rows)> Statements => [.. _seen];

        public void AssertBatches(int expected, int batch)
        {
            var rows = Statements.Select(s => s.Rows).ToList();
            Assert.True(rows.Count > 1, $"one statement deleted {string.Join(", ", rows)}");
            Assert.All(rows, n => Assert.InRange(n, 0, batch));
            Assert.Equal(expected, rows.Sum());
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data
                && data.Command.CommandText.TrimStart().StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
                && data.Command.Connection is { } connection && connection.DataSource == _dataSource && connection.Database == _database)
            {
                // Copies, to be explained later on another command: Npgsql's keep their types; SQLite's are values only.
                var parameters = data.Command.Parameters.Cast<DbParameter>()
                    .Select(p => p is ICloneable c ? (DbParameter)c.Clone() : new SqliteParameter(p.ParameterName, p.Value)).ToList();
                _seen.Enqueue((data.Command.CommandText, parameters, data.Result is int n ? n : -1));
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _listeners.Dispose();
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}

public sealed class RetentionBatchTestsOnSqlite() : RetentionBatchTests(DatabaseKind.Sqlite);

public sealed class RetentionBatchTestsOnPostgres() : RetentionBatchTests(DatabaseKind.Postgres);
