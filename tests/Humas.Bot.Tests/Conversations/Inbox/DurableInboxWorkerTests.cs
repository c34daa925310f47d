using Moq;
using System.Collections.Concurrent;
using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Conversations.Inbox;
using Humas.Bot.Host;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Conversations.Inbox;

/// <summary>
/// The shared inbox worker on a real SQLite inbox (Telegram's), with a handler that records and can hold items:
/// one chat's items in arrival order, chats side by side within the bound, a chat's next item not waiting for the one
/// before to be marked, an item of no one chat alone, and an item cut off by a stop handled again by the next worker.
/// A failing item waits in its place with growing pauses on the worker's clock (a <see cref="PausingClock"/> the test
/// advances by each pause the worker starts), its chat's later items behind it and other chats going on: counting an
/// attempt each time, written to its row before the pause, and given up after five; or, when what failed is the
/// database briefly unavailable or busy (real SQLite and Npgsql exceptions), counting none. A read of the inbox that
/// the database fails is tried again after the same growing pauses, on the inbox's clock.
/// </summary>
public sealed class DurableInboxWorkerTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly SqliteWriteGate _gate = new();
    private readonly TelegramInbox _inbox;
    private readonly RecordingHandler _handler = new();

    public DurableInboxWorkerTests()
    {
        _inbox = NewInbox(_gate);
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_chat_held_in_its_handler_does_not_hold_up_another_chat()
    {
        _handler.Hold(1);
        await StoreAsync((1, Message(chat: 100)), (2, Message(chat: 200)));

        await using (var worker = Start(concurrency: 4))
        {
            // Handled serially, update 2 would wait behind update 1 for good.
            await Eventually.UntilAsync(() => _handler.Handled.Contains(2), "chat 200's update handled while chat 100's is held");
            Assert.DoesNotContain(1L, _handler.Handled);

            _handler.Release(1);
            await Eventually.UntilAsync(() => _handler.Handled.Contains(1), "chat 100's update handled once released");
            await WaitUntilProcessedAsync(2);
        }
    }

    [Fact]
    public async Task One_chats_updates_keep_their_order_and_no_more_chats_than_the_bound_run_at_once()
    {
        _handler.Delay = TimeSpan.FromMilliseconds(5);
        var updates = new List<(long, string)>();
        for (var i = 1; i <= 120; i++)
        {
            updates.Add((i, Message(chat: 1000 + (i % 6))));
        }

        await _inbox.AddAsync(updates, default);

        await using (var worker = Start(concurrency: 3))
        {
            await WaitUntilAllProcessedAsync();
        }

        Assert.Equal(120, _handler.Handled.Count);
        Assert.Equal(120, _handler.Handled.Distinct().Count());
        foreach (var chat in _handler.Order.GroupBy(o => o.Chat))
        {
            var ids = chat.Select(o => o.UpdateId).ToList();
            Assert.Equal(ids.Order(), ids);
        }

        Assert.InRange(_handler.MaxInProgress, 1, 3);
    }

    [Fact]
    public async Task Sixteen_lanes_finishing_together_mark_every_item_with_its_own_outcome()
    {
        // Every seventh update fails its first attempt: its failure and its neighbours' done-marks are written together.
        _handler.FailFirstAttempt = id => id % 7 == 0;
        await _inbox.AddAsync([.. Enumerable.Range(1, 300).Select(i => ((long)i, Message(chat: 5000 + (i % 40))))], default);

        await using (var worker = Start(concurrency: 16))
        {
            await WaitUntilAllProcessedAsync();
        }

        await using var db = _database.CreateDbContext();
        var rows = await db.Set<TelegramInboxItem>().AsNoTracking().ToListAsync();
        Assert.Equal(300, rows.Count);
        Assert.All(rows, r => Assert.Equal((r.UpdateId % 7 == 0 ? 2 : 1, (string?)null), (r.Attempts, r.LastError)));
        Assert.Equal(300, _handler.Handled.Distinct().Count());
    }

    [Fact]
    public async Task A_chats_next_update_is_handled_while_the_one_before_waits_for_its_mark_and_that_one_is_not_read_again()
    {
        await StoreAsync((1, Message(chat: 100)), (2, Message(chat: 100)));
        // The marks wait at the SQLite writer, which this test holds from before the worker starts (taken after it, a
        // loaded machine once let update 1's mark through first): update 1 is handled, its mark cannot be written.
        await using var db = _database.CreateDbContext();
        var writer = await _gate.EnterAsync(db, default);
        await using (var worker = Start(concurrency: 4))
        {
            try
            {
                await Eventually.UntilAsync(() => _handler.Handled.Contains(2), "chat 100's second update handled while its first waits to be marked");
                Assert.Null(await ProcessedAtAsync(1));

                // A later poll (it reads update 3, stored by another writer) skips update 1, which is still in hand.
                await NewInbox(new SqliteWriteGate()).AddAsync([(3, Message(chat: 300))], default);
                await Eventually.UntilAsync(() => _handler.Handled.Contains(3), "update 3 read by a later poll and handled");
            }
            finally
            {
                writer.Dispose();
            }

            await WaitUntilAllProcessedAsync();
        }

        Assert.Equal([1L, 2L, 3L], _handler.Handled.Order());
    }

    [Fact]
    public async Task An_update_of_no_one_chat_is_handled_alone()
    {
        _handler.Hold(1);
        await StoreAsync((1, Message(chat: 100)), (2, Migration(from: 300, to: -100300)), (3, Message(chat: 200)));

        await using (var worker = Start(concurrency: 4))
        {
            await Eventually.UntilAsync(() => _handler.Started.Contains(1), "update 1 started");
            // Give a wrong worker the time to start the migration or chat 200's update beside the held one.
            await Task.Delay(300);
            Assert.Equal([1L], _handler.Started.ToArray());

            _handler.Release(1);
            await WaitUntilProcessedAsync(3);
        }

        Assert.Equal([1L, 2L, 3L], _handler.Handled.ToArray());
    }

    [Fact]
    public async Task An_update_cut_off_by_a_stop_stays_pending_and_the_next_worker_handles_it()
    {
        _handler.Hold(1);
        await StoreAsync((1, Message(chat: 100)), (2, Message(chat: 200)));

        await using (var worker = Start(concurrency: 4))
        {
            await Eventually.UntilAsync(() => _handler.Started.Contains(1), "update 1 started");
            await WaitUntilProcessedAsync(2);
        }

        // The stop cancelled update 1 mid-handling: it was not marked done.
        Assert.Null(await ProcessedAtAsync(1));

        _handler.Release(1);
        await using (var restarted = Start(concurrency: 4))
        {
            await WaitUntilProcessedAsync(1);
        }

        Assert.Equal(2, _handler.Handled.Count(id => id is 1 or 2));
    }

    [Fact]
    public async Task An_update_the_database_fails_more_than_five_times_is_handled_once_the_database_is_back()
    {
        var busy = new DbUpdateException("An error occurred while saving the entity changes.", await DatabaseFailures.SqliteBusyAsync(_database.Folder));
        var refused = await DatabaseFailures.PostgresRefusedAsync();
        // Seven failures of the database in a row, more than the 5 attempts, then it answers.
        _handler.Fail = (_, attempt) => attempt > 7 ? null : attempt % 2 == 1 ? busy : refused;
        await StoreAsync((1, Message(chat: 100)));

        var clock = new PausingClock();
        await using (var worker = Start(concurrency: 4, clock))
        {
            await DriveUntilProcessedAsync(clock, 1);
        }

        var row = await RowAsync(1);
        Assert.Equal((1, (string?)null), (row.Attempts, row.LastError));
        Assert.Equal(8, _handler.TriesOf(1));
        Assert.Equal([1L], _handler.Handled.ToArray());
    }

    [Fact]
    public async Task An_update_failing_otherwise_is_still_given_up_after_five_attempts_however_often_the_database_failed_between()
    {
        var refused = await DatabaseFailures.PostgresRefusedAsync();
        // Every other try the database fails; the tries between fail for a reason of the update's own.
        _handler.Fail = (id, attempt) => attempt % 2 == 1 ? refused : new InvalidOperationException("update " + id + " cannot be handled");
        await StoreAsync((1, Message(chat: 100)));

        var clock = new PausingClock();
        await using (var worker = Start(concurrency: 4, clock))
        {
            await DriveUntilProcessedAsync(clock, 1);
        }

        var row = await RowAsync(1);
        Assert.Equal(DurableInboxWorker<TelegramInboxItem>.MaxAttempts, row.Attempts);
        Assert.StartsWith("InvalidOperationException: update 1 cannot be handled", row.LastError);
        Assert.Equal(2 * DurableInboxWorker<TelegramInboxItem>.MaxAttempts, _handler.TriesOf(1));
        Assert.Empty(_handler.Handled);
    }

    [Fact]
    public async Task The_pauses_after_failures_of_the_database_double_up_to_fifteen_seconds_and_each_is_logged_once()
    {
        var busy = await DatabaseFailures.SqliteBusyAsync(_database.Folder);
        _handler.Fail = (_, attempt) => attempt > 8 ? null : busy;
        await StoreAsync((1, Message(chat: 100)));

        var clock = new PausingClock();
        _handler.Clock = clock;
        var log = new FakeLogger<DurableInboxWorker<TelegramInboxItem>>();
        await using (var worker = Start(concurrency: 4, clock, log))
        {
            await DriveUntilProcessedAsync(clock, 1);
        }

        TimeSpan[] expected = [.. new[] { 1, 2, 4, 8, 15, 15, 15, 15 }.Select(s => TimeSpan.FromSeconds(s))];
        Assert.Equal(expected, clock.Pauses);
        // Try n+1 came exactly when the clock had passed the n-th pause, not before: the pauses are the worker's waits.
        var tried = _handler.TriedAt.Where(t => t.UpdateId == 1).Select(t => t.At).ToList();
        Assert.Equal(expected, tried.Zip(tried.Skip(1), (a, b) => b - a));

        var pauses = log.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.StructuredState!.Any(p => p.Key == "RetryIn")).ToList();
        Assert.Equal(expected.Select(p => p.ToString()), pauses.Select(r => r.GetStructuredStateValue("RetryIn")));
        Assert.Equal(Enumerable.Range(1, 8).Select(n => n.ToString()), pauses.Select(r => r.GetStructuredStateValue("Failures")));
        Assert.All(pauses, r => Assert.Equal("update 1", r.GetStructuredStateValue("Item")));
    }

    [Fact]
    public async Task An_update_the_database_fails_for_fifteen_minutes_in_a_row_is_given_up()
    {
        var busy = await DatabaseFailures.SqliteBusyAsync(_database.Folder);
        _handler.Fail = (_, _) => busy;
        await StoreAsync((1, Message(chat: 100)));

        var clock = new PausingClock();
        _handler.Clock = clock;
        await using (var worker = Start(concurrency: 4, clock))
        {
            await DriveUntilProcessedAsync(clock, 1);
        }

        var row = await RowAsync(1);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("database is locked", row.LastError);
        var tried = _handler.TriedAt.Select(t => t.At).ToList();
        Assert.InRange(tried[^1] - tried[0], DurableInboxWorker<TelegramInboxItem>.StorageFailureBudget, DurableInboxWorker<TelegramInboxItem>.StorageFailureBudget + TimeSpan.FromSeconds(15));
        Assert.Empty(_handler.Handled);
    }

    [Fact]
    public async Task While_a_chats_update_waits_for_the_database_other_chats_go_on_and_its_chats_next_update_waits_behind_it()
    {
        var refused = await DatabaseFailures.PostgresRefusedAsync();
        var databaseBack = false;
        _handler.Fail = (id, _) => id == 1 && !Volatile.Read(ref databaseBack) ? refused : null;
        await StoreAsync((1, Message(chat: 100)), (2, Message(chat: 200)), (3, Message(chat: 100)));

        var clock = new PausingClock();
        // One slot: chat 200's update can only be handled if the pause of chat 100's does not hold it.
        await using (var worker = Start(concurrency: 1, clock))
        {
            await Eventually.UntilAsync(
                () => (clock.Pauses.Count == 1 && _handler.Handled.Contains(2)) || _handler.Started.Contains(3),
                "chat 200's update handled while chat 100's first waits for the database");
            Assert.DoesNotContain(3L, _handler.Started);
            // Waiting on the clock, not trying again and again.
            Assert.Equal(1, _handler.TriesOf(1));

            Volatile.Write(ref databaseBack, true);
            clock.Advance(clock.Pauses[0]);
            await WaitUntilProcessedAsync(3);
        }

        Assert.Equal([2L, 1L, 3L], _handler.Handled.ToArray());
        Assert.Equal(1, (await RowAsync(1)).Attempts);
    }

    [Fact]
    public async Task A_chats_update_failing_otherwise_is_tried_again_in_its_place_before_its_chats_next_update_while_other_chats_go_on()
    {
        // A platform's call failing, say: not the database, so each try counts an attempt.
        _handler.Fail = (id, attempt) => id == 1 && attempt <= 2 ? new HttpRequestException("platform answered 502") : null;
        await StoreAsync((1, Message(chat: 100)), (2, Message(chat: 200)), (3, Message(chat: 100)));

        var clock = new PausingClock();
        // One slot: chat 200's update can only be handled if the pauses of chat 100's do not hold it.
        await using (var worker = Start(concurrency: 1, clock))
        {
            await Eventually.UntilAsync(() => clock.Pauses.Count == 1 || _handler.Started.Contains(3), "chat 100's first update paused after its first failure");
            Assert.DoesNotContain(3L, _handler.Started);
            // Its attempt is in the row before the pause: a restart now would not give it back.
            Assert.Equal((1, (DateTime?)null), await AttemptsAsync(1));
            Assert.StartsWith("HttpRequestException: platform answered 502", (await RowAsync(1)).LastError);
            await Eventually.UntilAsync(() => _handler.Handled.Contains(2), "chat 200's update handled while chat 100's first pauses");

            clock.Advance(clock.Pauses[0]);
            await Eventually.UntilAsync(() => clock.Pauses.Count == 2 || _handler.Started.Contains(3), "chat 100's first update paused after its second failure");
            Assert.DoesNotContain(3L, _handler.Started);
            Assert.Equal((2, (DateTime?)null), await AttemptsAsync(1));

            clock.Advance(clock.Pauses[1]);
            await WaitUntilProcessedAsync(3);
        }

        Assert.Equal([StorageBackoff.First, 2 * StorageBackoff.First], clock.Pauses);
        Assert.Equal([2L, 1L, 3L], _handler.Handled.ToArray());
        Assert.Equal([1L, 3L], _handler.Order.Where(o => o.Chat == "100").Select(o => o.UpdateId).ToArray());
        var row = await RowAsync(1);
        Assert.Equal((3, (string?)null), (row.Attempts, row.LastError));
        Assert.Equal(3, _handler.TriesOf(1));
    }

    [Fact]
    public async Task An_update_failing_otherwise_five_times_is_given_up_with_its_error_and_then_its_chats_next_update_is_handled()
    {
        _handler.Fail = (id, _) => id == 1 ? new InvalidOperationException("update 1 cannot be handled") : null;
        await StoreAsync((1, Message(chat: 100)), (2, Message(chat: 100)));

        var clock = new PausingClock();
        await using (var worker = Start(concurrency: 4, clock))
        {
            for (var attempt = 1; attempt < DurableInboxWorker<TelegramInboxItem>.MaxAttempts; attempt++)
            {
                await Eventually.UntilAsync(() => clock.Pauses.Count == attempt || _handler.Started.Contains(2), $"update 1 paused after attempt {attempt}");
                Assert.DoesNotContain(2L, _handler.Started);
                Assert.Equal((attempt, (DateTime?)null), await AttemptsAsync(1));
                clock.Advance(clock.Pauses[attempt - 1]);
            }

            await WaitUntilProcessedAsync(2);
        }

        TimeSpan[] expected = [.. new[] { 1, 2, 4, 8 }.Select(s => TimeSpan.FromSeconds(s))];
        Assert.Equal(expected, clock.Pauses);
        var row = await RowAsync(1);
        Assert.Equal(DurableInboxWorker<TelegramInboxItem>.MaxAttempts, row.Attempts);
        Assert.StartsWith("InvalidOperationException: update 1 cannot be handled", row.LastError);
        Assert.NotNull(row.ProcessedAt);
        Assert.Equal([1L, 1L, 1L, 1L, 1L, 2L], _handler.Started.ToArray());
        Assert.Equal([2L], _handler.Handled.ToArray());
    }

    [Fact]
    public async Task A_restart_between_tries_keeps_the_attempts_counted()
    {
        _handler.Fail = (_, _) => new InvalidOperationException("update 1 cannot be handled");
        await StoreAsync((1, Message(chat: 100)));

        var clock = new PausingClock();
        await using (var worker = Start(concurrency: 4, clock))
        {
            await Eventually.UntilAsync(() => clock.Pauses.Count == 1, "update 1 paused after attempt 1");
            clock.Advance(clock.Pauses[0]);
            await Eventually.UntilAsync(() => clock.Pauses.Count == 2, "update 1 paused after attempt 2");
        }

        Assert.Equal((2, (DateTime?)null), await AttemptsAsync(1));
        var restartedClock = new PausingClock();
        await using (var restarted = Start(concurrency: 4, restartedClock))
        {
            await DriveUntilProcessedAsync(restartedClock, 1);
        }

        // Three more tries, not five, paused as their attempts say (4 s after the third, 8 s after the fourth).
        Assert.Equal(DurableInboxWorker<TelegramInboxItem>.MaxAttempts, _handler.TriesOf(1));
        Assert.Equal([TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], restartedClock.Pauses);
        Assert.Equal(DurableInboxWorker<TelegramInboxItem>.MaxAttempts, (await RowAsync(1)).Attempts);
    }

    [Fact]
    public async Task An_update_whose_failed_attempt_cannot_be_recorded_still_goes_before_its_chats_next_update()
    {
        _handler.Fail = (id, attempt) => id == 1 && attempt == 1 ? new InvalidOperationException("first try of update 1") : null;
        await StoreAsync((1, Message(chat: 100)), (2, Message(chat: 100)));
        // The write of a failed attempt (pending, attempts > 0) fails; done-marks go through.
        await using (var db = _database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE TRIGGER "NoAttempts" BEFORE UPDATE ON "TelegramInbox"
                WHEN NEW."ProcessedAt" IS NULL AND NEW."Attempts" > 0 BEGIN SELECT RAISE(ABORT, 'attempts cannot be written'); END;
                """);
        }

        var clock = new PausingClock();
        var log = new FakeLogger<DurableInboxWorker<TelegramInboxItem>>();
        await using (var worker = Start(concurrency: 4, clock, log))
        {
            await Eventually.UntilAsync(() => clock.Pauses.Count == 1 || _handler.Started.Contains(2), "update 1 paused after its failure");
            Assert.DoesNotContain(2L, _handler.Started);
            Assert.Equal((0, (DateTime?)null), await AttemptsAsync(1));

            clock.Advance(clock.Pauses[0]);
            await WaitUntilProcessedAsync(2);
        }

        Assert.Equal([1L, 2L], _handler.Handled.ToArray());
        Assert.Equal([1L, 1L, 2L], _handler.Started.ToArray());
        // The done-mark writes the whole count, the attempt that could not be written included.
        Assert.Equal(2, (await RowAsync(1)).Attempts);
        Assert.Contains(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message.StartsWith("Recording attempt 1 of Telegram update 1 failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_update_of_no_one_chat_failing_otherwise_is_tried_again_before_anything_after_it_starts()
    {
        _handler.Fail = (id, attempt) => id == 1 && attempt == 1 ? new InvalidOperationException("first try of the migration") : null;
        await StoreAsync((1, Migration(from: 300, to: -100300)), (2, Message(chat: -100300)));

        var clock = new PausingClock();
        await using (var worker = Start(concurrency: 4, clock))
        {
            await Eventually.UntilAsync(() => clock.Pauses.Count == 1 || _handler.Started.Contains(2), "the migration paused after its failure");
            Assert.DoesNotContain(2L, _handler.Started);
            Assert.Equal((1, (DateTime?)null), await AttemptsAsync(1));

            clock.Advance(clock.Pauses[0]);
            await WaitUntilProcessedAsync(2);
        }

        Assert.Equal([1L, 2L], _handler.Handled.ToArray());
        Assert.Equal(2, (await RowAsync(1)).Attempts);
    }

    [Fact]
    public async Task A_read_of_the_inbox_the_database_fails_is_tried_again_after_growing_pauses_logged_once_each_and_the_update_is_then_handled()
    {
        await StoreAsync((1, Message(chat: 100)));
        var reads = new FailingFactory(_database) { Fail = await DatabaseFailures.SqliteBusyAsync(_database.Folder) };
        // The poll's pauses wait on the inbox's clock (the worker's own clock is for an item's pauses).
        var inboxClock = new PausingClock();
        var inbox = new TelegramInbox(
            reads, _gate, Mock.Of<Humas.Bot.Conversations.Inbound.IInboundArrivals>(), Options.Create(new TelegramOptions { Token = "1:test" }), inboxClock);
        var log = new FakeLogger<DurableInboxWorker<TelegramInboxItem>>();

        var advanced = 0;
        await using (var worker = Start(concurrency: 4, log: log, inbox: inbox))
        {
            await Eventually.UntilAsync(async () =>
            {
                if (await ProcessedAtAsync(1) is not null)
                {
                    return true;
                }

                if (inboxClock.Pauses.Count > advanced)
                {
                    // The database answers again from the fourth read on.
                    if (advanced == 2)
                    {
                        reads.Fail = null;
                    }

                    inboxClock.Advance(inboxClock.Pauses[advanced++]);
                }

                return false;
            }, "update 1 marked done once the reads succeed");
        }

        TimeSpan[] expected = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];
        Assert.Equal(expected, inboxClock.Pauses.Take(3));
        Assert.Equal([1L], _handler.Handled.ToArray());
        var failures = log.Collector.GetSnapshot()
            .Where(r => r.Level == LogLevel.Warning && r.Message.StartsWith("Reading the Telegram inbox failed", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected.Select(p => p.ToString()), failures.Select(r => r.GetStructuredStateValue("RetryIn")));
        Assert.Equal(["1", "2", "3"], failures.Select(r => r.GetStructuredStateValue("Failures")));
        // The streak's first failure carries the exception; the ones after it only its message.
        Assert.Equal([true, false, false], failures.Select(r => r.Exception is not null));
    }

    private static string Message(long chat) =>
        $$$"""{"message":{"message_id":1,"date":1700000000,"chat":{"id":{{{chat}}},"type":"private"},"text":"hi"}}""";

    private static string Migration(long from, long to) =>
        $$$"""{"message":{"message_id":1,"date":1700000000,"chat":{"id":{{{from}}},"type":"group"},"migrate_to_chat_id":{{{to}}}}}""";

    private Task StoreAsync(params (long Id, string Payload)[] updates) => _inbox.AddAsync(updates, default);

    private TelegramInbox NewInbox(SqliteWriteGate gate) =>
        new(_database, gate, Mock.Of<Humas.Bot.Conversations.Inbound.IInboundArrivals>(), Options.Create(new TelegramOptions { Token = "1:test" }), TimeProvider.System);

    private RunningWorker Start(
        int concurrency, TimeProvider? time = null, ILogger<DurableInboxWorker<TelegramInboxItem>>? log = null, TelegramInbox? inbox = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IInboxHandler<TelegramInboxItem>>(_handler);
        var provider = services.BuildServiceProvider();
        var worker = new DurableInboxWorker<TelegramInboxItem>(
            inbox ?? _inbox,
            provider.GetRequiredService<IServiceScopeFactory>(),
            new InboxTracing(),
            new AlwaysLeader(),
            Options.Create(new InboxOptions { Concurrency = concurrency }),
            time ?? TimeProvider.System,
            log ?? NullLogger<DurableInboxWorker<TelegramInboxItem>>.Instance);
        return new RunningWorker(worker, provider);
    }

    private async Task<DateTime?> ProcessedAtAsync(long updateId)
    {
        await using var db = _database.CreateDbContext();
        return await db.Set<TelegramInboxItem>().Where(i => i.UpdateId == updateId).Select(i => i.ProcessedAt).SingleAsync();
    }

    private async Task<TelegramInboxItem> RowAsync(long updateId)
    {
        await using var db = _database.CreateDbContext();
        return await db.Set<TelegramInboxItem>().AsNoTracking().SingleAsync(i => i.UpdateId == updateId);
    }

    private async Task<(int Attempts, DateTime? ProcessedAt)> AttemptsAsync(long updateId)
    {
        var row = await RowAsync(updateId);
        return (row.Attempts, row.ProcessedAt);
    }

    /// <summary>
    /// Advances <paramref name="clock"/> by each pause the worker starts on it, as soon as it starts it (so the next
    /// try comes exactly at the pause's end), until <paramref name="updateId"/> is marked done.
    /// </summary>
    private Task DriveUntilProcessedAsync(PausingClock clock, long updateId)
    {
        var advanced = 0;
        return Eventually.UntilAsync(async () =>
        {
            if (await ProcessedAtAsync(updateId) is not null)
            {
                return true;
            }

            if (clock.Pauses.Count > advanced)
            {
                clock.Advance(clock.Pauses[advanced++]);
            }

            return false;
        }, $"update {updateId} marked done");
    }

    private Task WaitUntilProcessedAsync(long updateId) =>
        Eventually.UntilAsync(async () => await ProcessedAtAsync(updateId) is not null, $"update {updateId} marked done");

    private Task WaitUntilAllProcessedAsync() =>
        Eventually.UntilAsync(async () =>
        {
            using var db = _database.CreateDbContext();
            return !await db.Set<TelegramInboxItem>().AnyAsync(i => i.ProcessedAt == null);
        }, "every update marked done");

    private sealed class RunningWorker : IAsyncDisposable
    {
        private readonly DurableInboxWorker<TelegramInboxItem> _worker;
        private readonly ServiceProvider _provider;

        public RunningWorker(DurableInboxWorker<TelegramInboxItem> worker, ServiceProvider provider)
        {
            _worker = worker;
            _provider = provider;
            _worker.StartAsync(default).GetAwaiter().GetResult();
        }

        public async ValueTask DisposeAsync()
        {
            await _worker.StopAsync(default);
            _worker.Dispose();
            await _provider.DisposeAsync();
        }
    }

    /// <summary>
    /// A clock that records the length of every timer started on it. As the worker's clock its only timers are its
    /// pauses after failed tries (its polls wait on the inbox's clock, the system's unless a test gives the inbox this
    /// one, whose timers are then the poll's waits: its pauses after failed reads and its idle waits).
    /// </summary>
    private sealed class PausingClock : FakeTimeProvider
    {
        private readonly Lock _lock = new();
        private readonly List<TimeSpan> _pauses = [];

        public PausingClock()
            : base(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero))
        {
        }

        public IReadOnlyList<TimeSpan> Pauses
        {
            get
            {
                lock (_lock)
                {
                    return [.. _pauses];
                }
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            // Created before it is recorded: once the test sees the pause, advancing the clock by it ends it.
            var timer = base.CreateTimer(callback, state, dueTime, period);
            lock (_lock)
            {
                _pauses.Add(dueTime);
            }

            return timer;
        }
    }

    /// <summary>The test database, whose every context fails to open with <see cref="Fail"/> while it is set.</summary>
    private sealed class FailingFactory(IDbContextFactory<HumasDbContext> inner) : IDbContextFactory<HumasDbContext>
    {
        private volatile Exception? _fail;

        public Exception? Fail
        {
            get => _fail;
            set => _fail = value;
        }

        public HumasDbContext CreateDbContext() => _fail is { } e ? throw e : inner.CreateDbContext();
    }

    private sealed class AlwaysLeader : ILeadership
    {
        public bool IsLeader => true;

        public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken stopping) => Task.FromResult(stopping);
    }

    /// <summary>Records what started and what finished, in order, and holds chosen updates until released.</summary>
    private sealed class RecordingHandler : IInboxHandler<TelegramInboxItem>
    {
        private readonly ConcurrentDictionary<long, TaskCompletionSource> _held = new();
        private readonly Lock _lock = new();
        private int _inProgress;

        public ConcurrentQueue<long> Started { get; } = new();

        public ConcurrentQueue<long> Handled { get; } = new();

        public ConcurrentQueue<(string? Chat, long UpdateId)> Order { get; } = new();

        public TimeSpan Delay { get; set; }

        /// <summary>Updates whose first attempt throws.</summary>
        public Func<long, bool> FailFirstAttempt { get; set; } = _ => false;

        /// <summary>What the n-th try (from 1) of an update throws, if anything.</summary>
        public Func<long, int, Exception?> Fail { get; set; } = (_, _) => null;

        /// <summary>The clock each try is recorded at (<see cref="TriedAt"/>).</summary>
        public TimeProvider Clock { get; set; } = TimeProvider.System;

        public ConcurrentQueue<(long UpdateId, DateTimeOffset At)> TriedAt { get; } = new();

        public int TriesOf(long updateId) => Started.Count(id => id == updateId);

        public int MaxInProgress { get; private set; }

        public void Hold(long updateId) => _held[updateId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release(long updateId) => _held[updateId].TrySetResult();

        public async Task<string?> HandleAsync(TelegramInboxItem item, CancellationToken ct)
        {
            Started.Enqueue(item.UpdateId);
            TriedAt.Enqueue((item.UpdateId, Clock.GetUtcNow()));
            var tries = TriesOf(item.UpdateId);
            lock (_lock)
            {
                MaxInProgress = Math.Max(MaxInProgress, ++_inProgress);
            }

            try
            {
                if (_held.TryGetValue(item.UpdateId, out var hold))
                {
                    await hold.Task.WaitAsync(ct);
                }

                if (Delay > TimeSpan.Zero)
                {
                    await Task.Delay(Delay, ct);
                }

                if (item.Attempts == 0 && FailFirstAttempt(item.UpdateId))
                {
                    throw new InvalidOperationException("first attempt of update " + item.UpdateId);
                }

                if (Fail(item.UpdateId, tries) is { } failure)
                {
                    throw failure;
                }

                Order.Enqueue((TelegramUpdateChat.Of(item.Payload), item.UpdateId));
                Handled.Enqueue(item.UpdateId);
                return null;
            }
            finally
            {
                lock (_lock)
                {
                    _inProgress--;
                }
            }
        }
    }
}
