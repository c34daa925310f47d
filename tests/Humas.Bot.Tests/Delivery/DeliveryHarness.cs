using Humas.Bot.Delivery;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Dispatch;
using Humas.Bot.Delivery.FanOut;
using Humas.Bot.Delivery.Model;
using Humas.Bot.FaultSuite.Support;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Delivery;

/// <summary>
/// The delivery part wired exactly as the service wires it (AddStorage, AddSubscriptions, AddDelivery) on a
/// real SQLite file migrated with the hand-written migrations, a test clock and an in-process channel.
/// Hosted services are not started: tests drive fan-out and dispatch passes themselves.
/// </summary>
public sealed class DeliveryHarness : IAsyncDisposable
{
    /// <summary>2026-11-23 03:00 UTC = 10:00 in Jakarta.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly IHost _host;

    private DeliveryHarness(TestDatabase database, bool ownsDatabase, IHost host, FakeTimeProvider clock, TestChannel channel)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        _host = host;
        Clock = clock;
        Channel = channel;
    }

    public FakeTimeProvider Clock { get; }
    public TestChannel Channel { get; }
    public IServiceProvider Services => _host.Services;
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
    public FanOutPlanner FanOut => Get<FanOutPlanner>();
    public DeliveryDispatcher Dispatcher => Get<DeliveryDispatcher>();
    public SubscriptionService Subscriptions => Get<SubscriptionService>();

    public DatabaseKind DatabaseKind => _database.Kind;

    /// <param name="configure">Adds more of the service (e.g. AddFeedback) after the delivery part.</param>
    /// <param name="db">The database the part runs on: a SQLite file (default) or a PostgreSQL database.</param>
    /// <param name="shared">A database the test owns and may hand to a second harness (a restarted host); <paramref name="db"/> is then ignored.</param>
    public static async Task<DeliveryHarness> CreateAsync(
        Dictionary<string, string?>? settings = null, DateTimeOffset? start = null, Action<HostApplicationBuilder, FakeTimeProvider>? configure = null,
        DatabaseKind db = DatabaseKind.Sqlite, TestDatabase? shared = null)
    {
        // Either database starts as a copy of the run's migrated template; the migrator below, run as at the service's
        // start, finds nothing pending and puts SQLite in WAL mode.
        var database = shared ?? new TestDatabase(migrate: true, db);
        var clock = new FakeTimeProvider(start ?? Start);
        var channel = new TestChannel(clock);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var config = new Dictionary<string, string?>(database.Settings)
        {
            ["Delivery:MaxRateWaitMilliseconds"] = "0",
            ["Delivery:Concurrency"] = "8",
            ["Delivery:MaxAttempts"] = "3",
            ["Delivery:BackoffBaseSeconds"] = "1",
            ["Delivery:BackoffCapSeconds"] = "10",
            ["Delivery:LeaseSeconds"] = "30",
        };
        foreach (var (key, value) in settings ?? [])
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddLogging();
        builder.Services.AddMetrics();
        builder.AddStorage();
        builder.AddSubscriptions();
        builder.AddDelivery();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IDeliveryChannel>(channel);
        configure?.Invoke(builder, clock);
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        return new DeliveryHarness(database, shared is null, host, clock, channel);
    }

    public async Task<HumasDbContext> DbAsync() =>
        await Get<IDbContextFactory<HumasDbContext>>().CreateDbContextAsync();

    /// <summary>Stores an article with its "published" event, as ingestion would; returns the article and event ids.</summary>
    public async Task<(Guid ArticleId, long EventId)> PublishAsync(
        string institution = "setneg", string? category = null, string title = "Berita", string summary = "Ringkasan", string body = "")
    {
        await using var db = await DbAsync();
        var now = Clock.GetUtcNow().UtcDateTime;
        if (!await db.Set<Institution>().AnyAsync(i => i.Id == institution))
        {
            db.Add(new Institution { Id = institution, Name = institution.ToUpperInvariant(), CreatedAt = now });
        }

        var evt = PublishedArticles.Add(db, title, now, institution, category, summary);
        await db.SaveChangesAsync();
        if (body.Length > 0)
        {
            await db.Set<Article>().Where(a => a.Id == evt.ArticleId).ExecuteUpdateAsync(u => u.SetProperty(a => a.Body, body));
        }

        return (evt.ArticleId, evt.Id);
    }

    /// <summary>Publishes and fans out in one step.</summary>
    public async Task<Guid> PublishAndPlanAsync(
        string institution = "setneg", string? category = null, string title = "Berita", string summary = "Ringkasan", string body = "")
    {
        var (articleId, eventId) = await PublishAsync(institution, category, title, summary, body);
        await FanOut.PlanAsync(eventId, CancellationToken.None);
        return articleId;
    }

    /// <summary>A conversation on the test channel following <paramref name="target"/>.</summary>
    public async Task<Conversation> SubscriberAsync(
        string externalId, SubscriptionTarget target = SubscriptionTarget.All, string? value = null,
        ConversationKind kind = ConversationKind.Private, string? tenant = null)
    {
        var conversation = await Subscriptions.EnsureConversationAsync(new ConversationAddress(Channel.Name, externalId, kind, tenant));
        await Subscriptions.SubscribeAsync(conversation.Id, target, value);
        return conversation;
    }

    public async Task<List<DeliveryRecord>> DeliveriesAsync(Guid? articleId = null)
    {
        await using var db = await DbAsync();
        return await db.Set<DeliveryRecord>().AsNoTracking()
            .Where(d => articleId == null || d.ArticleId == articleId).OrderBy(d => d.Id).ToListAsync();
    }

    public async Task<Conversation> ConversationAsync(long id)
    {
        await using var db = await DbAsync();
        return await db.Set<Conversation>().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    /// <summary>Dispatch passes until nothing is due now.</summary>
    public async Task<int> DrainAsync()
    {
        var total = 0;
        for (var i = 0; i < 1000; i++)
        {
            var leased = await Dispatcher.RunOnceAsync(CancellationToken.None);
            if (leased == 0)
            {
                return total;
            }

            total += leased;
        }

        throw new InvalidOperationException("The outbox did not drain in 1000 passes");
    }

    /// <summary>Starts the hosted workers (dispatcher, jobs...), as the service does; most tests drive the parts by hand instead.</summary>
    public async Task StartAsync()
    {
        await _host.StartAsync();
        _started = true;
    }

    private bool _started;

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _host.StopAsync();
        }

        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }
}
