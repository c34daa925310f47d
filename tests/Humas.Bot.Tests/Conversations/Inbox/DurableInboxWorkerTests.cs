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
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Conversations.Inbox;

/// <summary>
/// The shared inbox worker on a real SQLite inbox (Telegram's), with a handler that records and can hold items:
/// one chat's items in arrival order, chats side by side within the bound, a chat's next item not waiting for the one
/// before to be marked, an item of no one chat alone, and an item cut off by a stop handled again by the next worker.
/// </summary>
public sealed class DurableInboxWorkerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
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
            await WaitUntilAsync(() => _handler.Handled.Contains(2), "chat 200's update handled while chat 100's is held");
            Assert.DoesNotContain(1L, _handler.Handled);

            _handler.Release(1);
            await WaitUntilAsync(() => _handler.Handled.Contains(1), "chat 100's update handled once released");
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
        await using (var worker = Start(concurrency: 4))
        {
            await using (var db = _database.CreateDbContext())
            using (await _gate.EnterAsync(db, default))
            {
                // The marks wait at the SQLite writer, which this test holds: update 1 is handled, its mark cannot be written.
                await WaitUntilAsync(() => _handler.Handled.Contains(2), "chat 100's second update handled while its first waits to be marked");
                Assert.Null(await ProcessedAtAsync(1));

                // A later poll (it reads update 3, stored by another writer) skips update 1, which is still in hand.
                await NewInbox(new SqliteWriteGate()).AddAsync([(3, Message(chat: 300))], default);
                await WaitUntilAsync(() => _handler.Handled.Contains(3), "update 3 read by a later poll and handled");
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
            await WaitUntilAsync(() => _handler.Started.Contains(1), "update 1 started");
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
            await WaitUntilAsync(() => _handler.Started.Contains(1), "update 1 started");
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

    private static string Message(long chat) =>
        $$$"""{"message":{"message_id":1,"date":1700000000,"chat":{"id":{{{chat}}},"type":"private"},"text":"hi"}}""";

    private static string Migration(long from, long to) =>
        $$$"""{"message":{"message_id":1,"date":1700000000,"chat":{"id":{{{from}}},"type":"group"},"migrate_to_chat_id":{{{to}}}}}""";

    private Task StoreAsync(params (long Id, string Payload)[] updates) => _inbox.AddAsync(updates, default);

    private TelegramInbox NewInbox(SqliteWriteGate gate) =>
        new(_database, gate, Mock.Of<Humas.Bot.Conversations.Inbound.IInboundArrivals>(), Options.Create(new TelegramOptions { Token = "1:test" }), TimeProvider.System);

    private RunningWorker Start(int concurrency)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IInboxHandler<TelegramInboxItem>>(_handler);
        var provider = services.BuildServiceProvider();
        var worker = new DurableInboxWorker<TelegramInboxItem>(
            _inbox,
            provider.GetRequiredService<IServiceScopeFactory>(),
            new InboxTracing(),
            new AlwaysLeader(),
            Options.Create(new InboxOptions { Concurrency = concurrency }),
            TimeProvider.System,
            NullLogger<DurableInboxWorker<TelegramInboxItem>>.Instance);
        return new RunningWorker(worker, provider);
    }

    private async Task<DateTime?> ProcessedAtAsync(long updateId)
    {
        await using var db = _database.CreateDbContext();
        return await db.Set<TelegramInboxItem>().Where(i => i.UpdateId == updateId).Select(i => i.ProcessedAt).SingleAsync();
    }

    private async Task WaitUntilProcessedAsync(long updateId)
    {
        var until = DateTime.UtcNow + Patience;
        while (await ProcessedAtAsync(updateId) is null)
        {
            Assert.True(DateTime.UtcNow < until, $"update {updateId} was not marked done");
            await Task.Delay(20);
        }
    }

    private async Task WaitUntilAllProcessedAsync()
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            using (var db = _database.CreateDbContext())
            {
                if (!await db.Set<TelegramInboxItem>().AnyAsync(i => i.ProcessedAt == null))
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < until, "not every update was marked done");
            await Task.Delay(20);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting for: " + what);
            await Task.Delay(10);
        }
    }

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

        public int MaxInProgress { get; private set; }

        public void Hold(long updateId) => _held[updateId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release(long updateId) => _held[updateId].TrySetResult();

        public async Task<string?> HandleAsync(TelegramInboxItem item, CancellationToken ct)
        {
            Started.Enqueue(item.UpdateId);
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
