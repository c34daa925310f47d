using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Delivery.Dispatch;
using Humas.Bot.Delivery.FanOut;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Host;
using Humas.Bot.Storage;
using Humas.Bot.Storage.Cluster;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Channels.Telegram;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Cluster;

/// <summary>
/// Instances on one PostgreSQL database wake each other's workers when they commit rows those workers wait for
/// (<see cref="ClusterWakeListener"/>). The workers' polls are made far longer than the tests wait, so an item can only
/// be handled in time through a wake.
/// </summary>
public sealed class ClusterWakeTests
{
    private const string Secret = "s3cret_Token-1";

    /// <summary>Longer than any wait below: a test that passes was woken, not polled.</summary>
    private static readonly Dictionary<string, string?> LongPolls = new()
    {
        ["Inbox:IdleWaitSeconds"] = "300",
        ["Delivery:IdlePollMilliseconds"] = "600000",
    };

    [Fact]
    public async Task An_update_posted_to_a_follower_s_webhook_is_handled_by_the_leader_without_waiting_for_its_poll()
    {
        using var database = new TestDatabase(migrate: true, DatabaseKind.Postgres);
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Strict = true });
        using var leader = Instance(database, fake);
        await leader.Services.GetRequiredService<ILeadership>().WaitForLeadershipAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        using var follower = Instance(database, fake);
        Assert.False(follower.Services.GetRequiredService<ILeadership>().IsLeader);

        using var client = follower.CreateClient();
        var response = await client.SendAsync(Post(new JsonObject { ["update_id"] = 501, ["message"] = TelegramBotHarness.Message(7001, 7001, "/start") }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.UntilAsync(() => fake.RequestsFor("sendMessage").Any(r => r.ChatId == 7001 && r.Succeeded), "the leader's reply", TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task Deliveries_another_instance_planned_are_sent_without_waiting_for_the_dispatcher_s_poll()
    {
        using var database = new TestDatabase(migrate: true, DatabaseKind.Postgres);
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Strict = true });
        // One instance only sends, the other only plans: the article's deliveries are planned where it is published
        // and can only go out through the sender's dispatcher.
        using var sender = Instance(database, fake, services => services.Remove(services.Single(s => s.ImplementationType == typeof(FanOutService))));
        using var planner = Instance(database, fake, services => services.Remove(services.Single(s => s.ImplementationType == typeof(DispatcherService))));
        var subscriptions = sender.Services.GetRequiredService<SubscriptionService>();
        var reader = await subscriptions.EnsureConversationAsync(new ConversationAddress("telegram", "7002", ConversationKind.Private));
        await subscriptions.SubscribeAsync(reader.Id, SubscriptionTarget.All);

        using var client = planner.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "cms-key-8f3a");
        var published = await client.PostAsJsonAsync("/api/articles", new
        {
            institution = "setneg",
            title = "Humas Kemensetneg Menjadi Narasumber Pelatihan Kehumasan",
            url = "https://www.setneg.go.id/baca/index/pelatihan_kehumasan",
            summary = "Pelatihan bagi pejabat dan pegawai kehumasan.",
            publishedAt = "2026-12-05T09:00:00+07:00",
        });

        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        await Eventually.UntilAsync(() => fake.RequestsFor("sendMessage").Any(r => r.ChatId == 7002 && r.Succeeded), "the article sent", TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task A_listener_whose_session_is_ended_connects_again_and_is_woken_by_the_next_commit()
    {
        using var database = new TestDatabase(migrate: true, DatabaseKind.Postgres);
        var woken = new Woken();
        using var listener = Listener(database, woken);
        await listener.StartAsync(CancellationToken.None);
        // Connected and listening: it wakes every worker once for what it may have missed.
        await Eventually.UntilAsync(() => woken.Outbox >= 1 && listener.ProcessId is not null, "listening");
        var first = listener.ProcessId!.Value;
        await NotifyAsync(database, ClusterTopic.Inbox);
        await Eventually.UntilAsync(() => woken.Inbox >= 2, "woken by a commit");

        await using (var db = database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_terminate_backend({0})", first);
        }

        // Listening again on a new session, and the missed-while-down wake made (Inbox's before Outbox's).
        await Eventually.UntilAsync(() => woken.Outbox >= 2 && listener.ProcessId is { } again && again != first, "listening again");
        var before = woken.Inbox;
        await NotifyAsync(database, ClusterTopic.Inbox);
        await Eventually.UntilAsync(() => woken.Inbox > before, "woken by a commit after the reconnect");
        await listener.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_notice_in_a_rolled_back_transaction_or_a_failed_round_trip_wakes_nobody()
    {
        using var database = new TestDatabase(migrate: true, DatabaseKind.Postgres);
        var woken = new Woken();
        using var listener = Listener(database, woken);
        await listener.StartAsync(CancellationToken.None);
        await Eventually.UntilAsync(() => woken.Outbox >= 1, "listening");

        await using (var db = database.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await ClusterNotice.SendAsync(db, ClusterTopic.Inbox, CancellationToken.None);
            await transaction.RollbackAsync();
        }

        // Nor one sent in a round trip whose later statement fails: the statements of one round trip are one
        // transaction (the inbox's notice rides in its INSERT's round trip).
        await using (var db = database.CreateDbContext())
        {
            var batch = new RawSqlBatch(db).Write(ClusterNotice.Statement(db, ClusterTopic.Inbox)!).Write("SELECT 1 / 0;");
            await Assert.ThrowsAnyAsync<Exception>(() => batch.ExecuteAsync(static (_, _) => { }, CancellationToken.None));
        }

        await NotifyAsync(database, ClusterTopic.Outbox);

        // Notifications reach a listener in commit order, and one heard together with a later one wakes first: had the
        // rolled-back one been delivered, Inbox would be woken by now.
        await Eventually.UntilAsync(() => woken.Outbox >= 2, "woken by the committed notice");
        Assert.Equal(1, woken.Inbox);
        await listener.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Healthz_says_the_cluster_entry_is_healthy_once_the_instance_listens()
    {
        using var database = new TestDatabase(migrate: true, DatabaseKind.Postgres);
        using var app = new HumasAppFactory(new Dictionary<string, string?>(database.Settings));
        using var client = app.CreateClient();

        var cluster = await ClusterEntryAsync(client, c => c.GetProperty("status").GetString() == "Healthy", "the cluster entry healthy");

        Assert.True(cluster.GetProperty("data").GetProperty("listening").GetBoolean());
        Assert.Contains("listening for other instances' commits", cluster.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_says_the_cluster_entry_is_degraded_while_the_listener_cannot_reach_postgres_and_the_instance_still_answers()
    {
        using var database = new TestDatabase(migrate: true, DatabaseKind.Postgres);
        // The database answers; only the listener's session goes to a port where nothing listens (refused at once).
        var nowhere = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = ClosedPort() }.ConnectionString;
        using var app = new HumasAppFactory(new Dictionary<string, string?>(database.Settings), services => services.AddSingleton(sp => new ClusterWakeListener(
            sp.GetRequiredService<IOptions<DatabaseOptions>>(),
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Humas"] = nowhere }).Build(),
            sp.GetServices<ClusterWakeTarget>(),
            sp.GetServices<ClusterMessageTarget>(),
            TimeProvider.System,
            NullLogger<ClusterWakeListener>.Instance)));
        using var client = app.CreateClient();

        var cluster = await ClusterEntryAsync(
            client, c => c.GetProperty("status").GetString() == "Degraded" && c.GetProperty("description").GetString()!.Contains("its last try failed", StringComparison.Ordinal),
            "the cluster entry degraded after a failed try");

        Assert.False(cluster.GetProperty("data").GetProperty("listening").GetBoolean());
        Assert.Contains("not listening for other instances' commits", cluster.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("Inbox:IdleWaitSeconds", cluster.GetProperty("description").GetString(), StringComparison.Ordinal);
        // The connection error names hosts: shown to loopback callers only, as every check's error.
        Assert.False(string.IsNullOrEmpty(cluster.GetProperty("error").GetString()));
        // Degraded, not unhealthy: the balancer keeps sending to this instance.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task On_SQLite_the_cluster_entry_says_nothing_of_a_listener()
    {
        using var app = new HumasAppFactory();
        using var client = app.CreateClient();

        var cluster = await ClusterEntryAsync(client, _ => true, "the cluster entry");

        Assert.Equal("Healthy", cluster.GetProperty("status").GetString());
        Assert.False(cluster.GetProperty("data").TryGetProperty("listening", out _));
    }

    [Fact]
    public async Task On_SQLite_nothing_listens()
    {
        using var database = new TestDatabase(migrate: false);
        var woken = new Woken();
        using var listener = Listener(database, woken);

        await listener.StartAsync(CancellationToken.None);

        await listener.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(listener.ProcessId);
        Assert.Equal(0, woken.Inbox + woken.Outbox);
    }

    private static HumasAppFactory Instance(TestDatabase database, FakeTelegramServer fake, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>(database.Settings)
        {
            ["Telegram:Token"] = fake.Token,
            ["Telegram:ApiBaseUrl"] = fake.BaseUrl,
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookSecret"] = Secret,
            ["Publishing:ApiKeys:0"] = "cms-key-8f3a",
        };
        foreach (var (key, value) in LongPolls)
        {
            settings[key] = value;
        }

        var app = new HumasAppFactory(settings, services);
        _ = app.Services; // starts the host and its workers
        return app;
    }

    private static HttpRequestMessage Post(JsonObject update)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TelegramWebhookEndpoint.Path)
        {
            Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, Secret);
        return request;
    }

    /// <summary>The <c>cluster</c> entry of <c>/healthz</c> once it matches <paramref name="until"/>.</summary>
    private static async Task<JsonElement> ClusterEntryAsync(HttpClient client, Func<JsonElement, bool> until, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var health = await client.GetFromJsonAsync<JsonElement>("/healthz");
            var cluster = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "cluster");
            if (until(cluster))
            {
                return cluster;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last: {cluster}");
            }

            await Task.Delay(20);
        }
    }

    private static int ClosedPort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static async Task NotifyAsync(TestDatabase database, ClusterTopic topic)
    {
        await using var db = database.CreateDbContext();
        await ClusterNotice.SendAsync(db, topic, CancellationToken.None);
    }

    private static ClusterWakeListener Listener(TestDatabase database, Woken woken) => new(
        Options.Create(new DatabaseOptions { Provider = database.Provider }),
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Humas"] = database.ConnectionString }).Build(),
        [new ClusterWakeTarget(ClusterTopic.Inbox, woken.WakeInbox), new ClusterWakeTarget(ClusterTopic.Outbox, woken.WakeOutbox)],
        [],
        TimeProvider.System,
        NullLogger<ClusterWakeListener>.Instance);

    private sealed class Woken
    {
        private int _inbox;
        private int _outbox;

        public int Inbox => Volatile.Read(ref _inbox);

        public int Outbox => Volatile.Read(ref _outbox);

        public void WakeInbox() => Interlocked.Increment(ref _inbox);

        public void WakeOutbox() => Interlocked.Increment(ref _outbox);
    }
}
