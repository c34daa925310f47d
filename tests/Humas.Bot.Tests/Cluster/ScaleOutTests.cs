using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Dispatch;
using Humas.Bot.Delivery.RateLimiting;
using Humas.Bot.Storage;
using Humas.Bot.Storage.Cluster;
using Humas.Bot.Tests.Delivery;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Tests.Cluster;

/// <summary>
/// The pieces that let several instances share one PostgreSQL database, each proved on its own: leasing with
/// SKIP LOCKED, the leader lock and its hand-over, the rate-limit shares. The fault suite proves them together
/// with real processes (FaultSuiteTests).
/// </summary>
public sealed class ScaleOutTests
{
    [Fact]
    public async Task Concurrent_dispatchers_on_PostgreSQL_lease_disjoint_rows_and_together_all_of_them()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: DatabaseKind.Postgres);
        for (var i = 0; i < 150; i++)
        {
            await h.SubscriberAsync($"r{i}");
        }

        await h.PublishAndPlanAsync();
        var now = h.Clock.GetUtcNow().UtcDateTime;

        var leases = await Task.WhenAll(Enumerable.Range(0, 6).Select(async worker =>
        {
            await using var db = await h.DbAsync();
            return await DeliveryOutbox.LeaseAsync(db, h.Get<SqliteWriteGate>(), $"instance-{worker}", now, TimeSpan.FromSeconds(30), 40, expired: true, CancellationToken.None);
        }));

        var all = leases.SelectMany(l => l).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(150, all.Count);
        Assert.All(leases, l => Assert.InRange(l.Count, 0, 40));
    }

    [Fact]
    public async Task A_second_instance_leads_only_after_the_first_lets_go()
    {
        using var database = new TestDatabase(migrate: true, DatabaseKind.Postgres);
        var first = Leadership(database);
        var second = Leadership(database);
        await first.StartAsync(CancellationToken.None);
        var firstTerm = await first.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await second.StartAsync(CancellationToken.None);

        // The second keeps trying every second and keeps failing while the first holds the lock.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.True(first.IsLeader);
        Assert.False(second.IsLeader);

        await first.StopAsync(CancellationToken.None);
        Assert.True(firstTerm.IsCancellationRequested);
        await second.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(second.IsLeader);
        await second.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task On_SQLite_the_one_process_always_leads()
    {
        using var database = new TestDatabase(migrate: false);
        var leadership = Leadership(database);

        var term = await leadership.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(1));

        Assert.True(leadership.IsLeader);
        Assert.False(term.IsCancellationRequested);
    }

    [Fact]
    public void Each_of_N_instances_takes_one_Nth_of_every_window()
    {
        var limits = Humas.Bot.Channels.Telegram.TelegramRateLimits.For(botPerSecond: 30);

        var share = limits.Share(3);

        Assert.Equal([new Rate(30, TimeSpan.FromSeconds(3))], share.Bot);
        Assert.Equal([new Rate(1, TimeSpan.FromSeconds(3))], share.ForConversation(ConversationKind.Private));
        Assert.Equal([new Rate(1, TimeSpan.FromSeconds(3)), new Rate(20, TimeSpan.FromMinutes(3))], share.ForConversation(ConversationKind.Group));
        Assert.Same(limits, limits.Share(1));
    }

    [Fact]
    public void The_limiter_follows_the_number_of_live_instances()
    {
        var clock = new FakeTimeProvider(DeliveryHarness.Start);
        var membership = new ClusterMembership();
        var registry = new RateLimiterRegistry(clock, Options.Create(new Humas.Bot.Delivery.DeliveryOptions { PaceBotEvenly = false }), membership);
        var channel = new TestChannel(clock) { RateLimits = new ChannelRateLimits([Rate.PerSecond(10)], new Dictionary<ConversationKind, IReadOnlyList<Rate>>(), []) };

        Assert.Equal(10, Granted(registry.For(channel, new ConversationAddress("test", "c", ConversationKind.Private)), clock, 50));

        membership.SetLiveInstances(2);
        clock.Advance(TimeSpan.FromSeconds(5));
        var limiter = registry.For(channel, new ConversationAddress("test", "c", ConversationKind.Private));
        Assert.Equal(2, limiter.Share);
        // Ten per two seconds: ten now, none more within the two seconds.
        Assert.Equal(10, Granted(limiter, clock, 50));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, Granted(limiter, clock, 50));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(10, Granted(limiter, clock, 50));
    }

    private static int Granted(ChannelRateLimiter limiter, TimeProvider clock, int tries)
    {
        var granted = 0;
        for (var i = 0; i < tries; i++)
        {
            if (limiter.TryAcquire(new ConversationAddress("test", $"c{i}-{clock.GetTimestamp()}", ConversationKind.Private, null), SendPriority.Article, out _))
            {
                granted++;
            }
        }

        return granted;
    }

    private static DatabaseLeadership Leadership(TestDatabase database) => new(
        Options.Create(new DatabaseOptions { Provider = database.Kind == DatabaseKind.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite }),
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Humas"] = database.ConnectionString }).Build(),
        Options.Create(new ClusterOptions { LeaderCheckSeconds = 1 }),
        TimeProvider.System,
        NullLogger<DatabaseLeadership>.Instance);
}
