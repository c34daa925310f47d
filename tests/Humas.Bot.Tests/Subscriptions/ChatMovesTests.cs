using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Delivery;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Subscriptions;

/// <summary>Moved chats as configured ids see them: recorded once however often told, followed along a chain, read by a new instance once at start and again every refresh interval.</summary>
public sealed class ChatMovesTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task A_move_is_followed_along_a_chain_recorded_once_and_read_by_another_instance_at_start(DatabaseKind kind)
    {
        await using var h = await DeliveryHarness.CreateAsync(db: kind);
        var moves = h.Get<ChatMoves>();
        var store = h.Get<ChatMoveStore>();
        Assert.Equal("-4001", moves.Current("telegram", "-4001"));

        // Telegram tells of one upgrade twice (in the old group and in the new one).
        await store.RecordAsync(Group("-4001"), "-1001", CancellationToken.None);
        await store.RecordAsync(Group("-4001"), "-1001", CancellationToken.None);
        await store.RecordAsync(Group("-1001"), "-1002", CancellationToken.None);

        Assert.Equal("-1002", moves.Current("telegram", "-4001"));
        Assert.Equal("-4001", moves.Current("teams", "-4001"));
        await using (var db = await h.DbAsync())
        {
            Assert.Equal(2, await db.Set<ChatMove>().CountAsync());
        }

        // Another instance on the same database knows the moves before it takes its first update.
        var other = new ChatMoves();
        var otherStore = new ChatMoveStore(other, h.Get<IDbContextFactory<HumasDbContext>>(), h.Get<SqliteWriteGate>(), [], h.Clock, NullLogger<ChatMoveStore>.Instance);
        await otherStore.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal("-1002", other.Current("telegram", "-4001"));
        }
        finally
        {
            await otherStore.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_store_reads_its_table_once_at_start_then_again_every_refresh_interval()
    {
        await using var h = await DeliveryHarness.CreateAsync();
        var reads = new CountingFactory(h.Get<IDbContextFactory<HumasDbContext>>());
        var moves = new ChatMoves();
        var clock = new WaitWatchingClock(h.Clock);
        var store = new ChatMoveStore(moves, reads, h.Get<SqliteWriteGate>(), [], clock, NullLogger<ChatMoveStore>.Instance);
        await store.StartAsync(CancellationToken.None);
        try
        {
            // The worker's first round comes right after the start's read and has nothing new to read: once it
            // waits for the next round, the start's read is still the only one.
            await clock.FirstWait.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.Equal(1, reads.Created);

            // A move another instance records is followed at the next refresh, not before.
            await h.Get<ChatMoveStore>().RecordAsync(Group("-4001"), "-1001", CancellationToken.None);
            Assert.Equal("-4001", moves.Current("telegram", "-4001"));
            await Eventually.UntilAsync(
                () =>
                {
                    h.Clock.Advance(ChatMoveStore.RefreshInterval);
                    return moves.Current("telegram", "-4001") == "-1001";
                },
                "the refresh");
            Assert.True(reads.Created >= 2);
        }
        finally
        {
            await store.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void A_configured_Telegram_id_is_followed_to_where_its_chat_lives_now()
    {
        var moves = new ChatMoves();
        moves.Replace([("telegram", "-4001", "-1001"), ("teams", "-4002", "-1002")]);

        Assert.Equal("-1001", TelegramChats.CurrentExternalId(moves, -4001));
        Assert.Equal("-4002", TelegramChats.CurrentExternalId(moves, -4002));
        Assert.Equal("42", TelegramChats.CurrentExternalId(moves, 42));
    }

    private static ConversationAddress Group(string id) => new("telegram", id, ConversationKind.Group);

    /// <summary>The fake clock, telling when a timer is first asked for: a worker has ended its first round and waits.</summary>
    private sealed class WaitWatchingClock(FakeTimeProvider inner) : TimeProvider
    {
        private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstWait => _waiting.Task;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = inner.CreateTimer(callback, state, dueTime, period);
            _waiting.TrySetResult();
            return timer;
        }
    }

    /// <summary>Counts the contexts a store asks for: one per read of its table.</summary>
    private sealed class CountingFactory(IDbContextFactory<HumasDbContext> inner) : IDbContextFactory<HumasDbContext>
    {
        private int _created;

        public int Created => Volatile.Read(ref _created);

        public HumasDbContext CreateDbContext()
        {
            Interlocked.Increment(ref _created);
            return inner.CreateDbContext();
        }

        public Task<HumasDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _created);
            return inner.CreateDbContextAsync(cancellationToken);
        }
    }
}
