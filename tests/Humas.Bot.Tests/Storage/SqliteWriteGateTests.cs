using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Humas.Bot.Tests.Storage;

/// <summary>
/// The one SQLite writer's gate: one holder at a time; writes entered ahead (a webhook's update, whose ack waits for
/// it) go before the writes waiting in turn, which keep their order; a waiter that gives up never holds it.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TestDatabase _database = new(kind: DatabaseKind.Sqlite);
    private readonly SqliteWriteGate _gate = new();

    [Fact]
    public async Task A_write_entered_ahead_goes_before_the_writes_waiting_in_turn()
    {
        await using var db = _database.CreateDbContext();
        var order = new List<string>();
        // Each writer with its own context, as in the service: a DbContext is not for use from two threads.
        Task<string> Enter(string name, bool ahead) => Task.Run(async () =>
        {
            await using var own = _database.CreateDbContext();
            using (ahead ? await _gate.EnterAheadAsync(own, CancellationToken.None) : await _gate.EnterAsync(own, CancellationToken.None))
            {
                lock (order)
                {
                    order.Add(name);
                }
            }

            return name;
        });

        Task[] waiting;
        using (await _gate.EnterAsync(db, CancellationToken.None))
        {
            var first = Enter("votes 1", ahead: false);
            await WaitUntilQueuedAsync(1);
            var second = Enter("outcomes", ahead: false);
            await WaitUntilQueuedAsync(2);
            var third = Enter("votes 2", ahead: false);
            await WaitUntilQueuedAsync(3);
            var inbox = Enter("inbox", ahead: true);
            await WaitUntilQueuedAsync(4);
            waiting = [first, second, third, inbox];
            Assert.Empty(order);
        }

        await Task.WhenAll(waiting).WaitAsync(Bound);
        Assert.Equal(["inbox", "votes 1", "outcomes", "votes 2"], order);
    }

    [Fact]
    public async Task A_webhooks_update_is_stored_before_the_writes_that_waited_longer()
    {
        var inbox = new TelegramInbox(_database, _gate, Mock.Of<IInboundArrivals>(), Options.Create(new TelegramOptions { Token = "1:test" }), TimeProvider.System);
        Task<int> inboxRowsSeenByTheVote;
        Task<int> stored;
        await using (var db = _database.CreateDbContext())
        using (await _gate.EnterAsync(db, CancellationToken.None))
        {
            // A vote batch queued first; it looks at what is stored once it has the gate.
            inboxRowsSeenByTheVote = Task.Run(async () =>
            {
                await using var own = _database.CreateDbContext();
                using (await _gate.EnterAsync(own, CancellationToken.None))
                {
                    return await own.Set<TelegramInboxItem>().CountAsync();
                }
            });
            await WaitUntilQueuedAsync(1);
            stored = inbox.AddAsync([(1, """{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":"halo"}}""")], CancellationToken.None);
            await WaitUntilQueuedAsync(2);
        }

        Assert.Equal(1, await stored.WaitAsync(Bound));
        Assert.Equal(1, await inboxRowsSeenByTheVote.WaitAsync(Bound));
    }

    [Fact]
    public async Task Only_one_holds_the_gate_at_a_time()
    {
        var inside = 0;
        var most = 0;
        var tasks = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            await using var own = _database.CreateDbContext();
            using (i % 3 == 0 ? await _gate.EnterAheadAsync(own, CancellationToken.None) : await _gate.EnterAsync(own, CancellationToken.None))
            {
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref most, now);
                await Task.Yield();
                Interlocked.Decrement(ref inside);
            }
        }));

        await Task.WhenAll(tasks).WaitAsync(Bound);
        Assert.Equal(1, most);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_is_passed_over_and_the_next_one_gets_the_gate()
    {
        await using var db = _database.CreateDbContext();
        using var cancel = new CancellationTokenSource();
        Task<SqliteWriteGate.Release> givesUp;
        Task<SqliteWriteGate.Release> next;
        using (await _gate.EnterAsync(db, CancellationToken.None))
        {
            givesUp = _gate.EnterAheadAsync(db, cancel.Token).AsTask();
            next = _gate.EnterAsync(db, CancellationToken.None).AsTask();
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givesUp.WaitAsync(Bound));
            Assert.False(next.IsCompleted);
        }

        Task<SqliteWriteGate.Release> newcomer;
        using (await next.WaitAsync(Bound))
        {
            // Held by the next waiter: a newcomer waits.
            newcomer = _gate.EnterAsync(db, CancellationToken.None).AsTask();
            Assert.False(newcomer.IsCompleted);
        }

        using (await newcomer.WaitAsync(Bound))
        {
        }
    }

    [Fact]
    public async Task An_already_cancelled_token_does_not_take_a_free_gate()
    {
        await using var db = _database.CreateDbContext();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _gate.EnterAsync(db, new CancellationToken(canceled: true)));
        using (await _gate.EnterAsync(db, CancellationToken.None).AsTask().WaitAsync(Bound))
        {
        }
    }

    [Fact]
    public async Task Releasing_more_often_than_entering_is_refused()
    {
        await using var db = _database.CreateDbContext();
        var release = await _gate.EnterAsync(db, CancellationToken.None);
        release.Dispose();
        Assert.Throws<InvalidOperationException>(() => release.Dispose());
    }

    /// <summary>Waits for the gate's queue to hold <paramref name="count"/> waiters (the tasks run on the thread pool).</summary>
    private Task WaitUntilQueuedAsync(int count) => Eventually.UntilAsync(() => _gate.Waiting >= count, $"{count} waiters queued");

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    public void Dispose() => _database.Dispose();
}
