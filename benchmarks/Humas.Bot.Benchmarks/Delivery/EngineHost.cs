using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Humas.Bot.FaultSuite.Support;
using Humas.Bot.Channels.Telegram;
using Humas.Bot.Delivery;
using Humas.Bot.Feedback;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Host;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace Humas.Bot.Benchmarks.Delivery;

/// <summary>
/// The service's delivery wiring as Program.cs has it (HumasHost.CreateBuilder + AddObservability +
/// AddLocalization + AddStorage + AddSubscriptions + AddDelivery + AddTelegram), configuration only from
/// memory (no appsettings.json, so no demo source), a fresh SQLite file. Ingestion and the publish API are
/// left out: the article and its "published" event are stored as ingestion would store them.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    public const long FirstChatId = 700_000_000;
    private readonly DirectoryInfo _folder;
    private readonly bool _keep;

    private string? _postgresDatabase;

    private EngineHost(WebApplication app, DirectoryInfo folder, bool keep)
    {
        App = app;
        _folder = folder;
        _keep = keep;
    }

    public WebApplication App { get; }

    public string DatabasePath => Path.Combine(_folder.FullName, "humas.db");

    public IDbContextFactory<HumasDbContext> Db => App.Services.GetRequiredService<IDbContextFactory<HumasDbContext>>();

    /// <param name="liftBotLimit">
    /// Report a bot-wide limit of 1,000,000/s instead of the configured one (whose validated maximum is the
    /// paid-broadcast 1000/s), so the throughput run measures the engine, not its pacing. Per-chat limits stay.
    /// </param>
    /// <param name="addChannel">Another channel to wire beside Telegram (the Teams verbs add Teams).</param>
    /// <param name="postgres">A fresh database on the throw-away PostgreSQL server instead of the SQLite file.</param>
    public static async Task<EngineHost> CreateAsync(
        DeliveryBenchOptions o, string? apiBaseUrl, string? token, bool liftBotLimit, Action<WebApplicationBuilder>? addChannel = null, bool postgres = false)
    {
        var folder = Directory.CreateTempSubdirectory("humas-delivery-bench-");
        var settings = new Dictionary<string, string?>(BenchHost.BaseSettings(Path.Combine(folder.FullName, "humas.db"), o.LogLevel))
        {
            ["Telegram:Token"] = token ?? "",
            ["Telegram:ApiBaseUrl"] = apiBaseUrl ?? "https://api.telegram.org",
        };
        if (o.Concurrency is { } c)
        {
            settings["Delivery:Concurrency"] = c.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in o.Settings)
        {
            settings[key] = value;
        }

        string? postgresDatabase = null;
        if (postgres)
        {
            postgresDatabase = "bench_" + Guid.NewGuid().ToString("N");
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Humas"] = await Humas.Bot.FakePlatforms.Postgres.PostgresServer.Shared.CreateDatabaseAsync(postgresDatabase);
        }

        var builder = BenchHost.CreateBuilder(settings);
        builder.AddObservability();
        builder.AddLocalization();
        builder.AddStorage();
        builder.AddSubscriptions();
        builder.AddDelivery();
        builder.AddFeedback();   // the Telegram channel shows the reaction options' emoji
        builder.AddTelegram();
        // Runs without the Alerts part: the channels' token reports (which Teams and WhatsApp need) go nowhere.
        builder.Services.AddSingleton<Humas.Bot.Alerts.ICredentialsMonitor, NoCredentialsMonitor>();
        addChannel?.Invoke(builder);
        if (liftBotLimit && token is not null)
        {
            builder.Services.RemoveAll<IDeliveryChannel>();
            builder.Services.AddSingleton<IDeliveryChannel>(sp => new LiftedBotLimit(sp.GetRequiredService<TelegramDeliveryChannel>()));
        }

        var app = builder.Build();
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        return new EngineHost(app, folder, o.KeepDatabase) { _postgresDatabase = postgresDatabase };
    }

    /// <summary>N private Telegram chats (ids from <see cref="FirstChatId"/>) following everything, in two INSERT ... SELECT statements.</summary>
    public Task SeedSubscribersAsync(int count, long firstChatId = FirstChatId) => SeedSubscribersAsync(Db, count, firstChatId: firstChatId);

    /// <summary>Every chat seeded so far leaves (a warm-up's readers), so the next article goes only to those seeded after.</summary>
    public async Task LeaveAllAsync()
    {
        await using var db = await Db.CreateDbContextAsync();
        await db.Set<Conversation>().ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, ConversationStatus.Left));
    }

    /// <summary>N personal Teams chats ("a:bench-{n}") of one tenant, reached at <paramref name="serviceUrl"/>, following everything.</summary>
    public Task SeedTeamsSubscribersAsync(int count, string tenantId, string serviceUrl) =>
        SeedSubscribersAsync(Db, count, "teams", "a:bench-", new Humas.Bot.Channels.Teams.TeamsReference(serviceUrl, tenantId).ToChannelData());

    /// <summary>The same, on any Humas database (the Telegram verbs use it on the full host).</summary>
    public static async Task SeedSubscribersAsync(
        IDbContextFactory<HumasDbContext> factory, int count, string channel = "telegram", string idPrefix = "", string? channelData = null, long firstChatId = FirstChatId)
    {
        await using var db = await factory.CreateDbContextAsync();
        var now = DateTime.UtcNow;
        // PostgreSQL's retrying strategy allows a transaction only as one retriable unit.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("""
                WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < {0} - 1)
                INSERT INTO "Conversations" ("Channel", "ExternalId", "Kind", "Language", "Status", "DeliveryMode", "DigestHour", "DigestDay", "CreatedAt", "UpdatedAt", "ChannelData")
                SELECT {3}, {4} || CAST({1} + i AS TEXT), 'Private', 'id', 'Active', 'Instant', 7, 'Monday', {2}, {2}, {5} FROM seq
                """.Replace("{5}", channelData is null ? "NULL" : "{5}"),
                // EF has no store type for DBNull, so absent channel data is a NULL literal, not a parameter.
                [count, firstChatId, now, channel, idPrefix, channelData ?? ""]);
            // Only the chats just added: a second call (more readers later in a run) must not subscribe anyone twice.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "Subscriptions" ("ConversationId", "Target", "Value", "CreatedAt")
                SELECT "Id", 'All', '', {0} FROM "Conversations" c
                WHERE NOT EXISTS (SELECT 1 FROM "Subscriptions" s WHERE s."ConversationId" = c."Id")
                """, now);
            if (!await db.Set<Institution>().AnyAsync(i => i.Id == "kominfo"))
            {
                db.Add(new Institution { Id = "kominfo", Name = "Kementerian Komunikasi dan Informatika", CreatedAt = now });
                await db.SaveChangesAsync();
            }

            await tx.CommitAsync();
        });
    }

    /// <summary>Stores an article and its "published" event, as ingestion does. Returns (article id, event id).</summary>
    public async Task<(Guid ArticleId, long EventId)> PublishAsync(string title)
    {
        await using var db = await Db.CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var evt = PublishedArticles.Add(db, title, now);
        await db.SaveChangesAsync();
        return (evt.ArticleId, evt.Id);
    }

    public async Task<Dictionary<DeliveryState, int>> StatesAsync(Guid articleId)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.Set<DeliveryRecord>().Where(d => d.ArticleId == articleId)
            .GroupBy(d => d.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
    }

    public async Task<int> SentWithMessageIdAsync(Guid articleId)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.Set<DeliveryRecord>().CountAsync(d => d.ArticleId == articleId && d.State == DeliveryState.Sent && d.MessageId != null);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_postgresDatabase is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await Humas.Bot.FakePlatforms.Postgres.PostgresServer.Shared.DropDatabaseAsync(_postgresDatabase);
        }

        if (_keep)
        {
            await Console.Error.WriteLineAsync($"database kept at {DatabasePath}");
        }
        else
        {
            _folder.Delete(recursive: true);
        }
    }

    /// <summary>Telegram's adapter as is, reporting a bot-wide limit high enough never to pace the run.</summary>
    private sealed class LiftedBotLimit(TelegramDeliveryChannel inner) : IDeliveryChannel
    {
        public string Name => inner.Name;
        public ChannelRateLimits RateLimits { get; } = Humas.Bot.Channels.Telegram.TelegramRateLimits.For(1_000_000);
        public int MaxMessageLength => inner.MaxMessageLength;
        public Task<SentMessage> SendAsync(ConversationAddress to, OutboundMessage message, CancellationToken ct) => inner.SendAsync(to, message, ct);
        public Task EditAsync(ConversationAddress to, string messageId, OutboundMessage message, CancellationToken ct) => inner.EditAsync(to, messageId, message, ct);
        public Task DeleteAsync(ConversationAddress to, string messageId, CancellationToken ct) => inner.DeleteAsync(to, messageId, ct);
        public DeliveryFailure Classify(Exception error) => inner.Classify(error);
    }
}

/// <summary>Counts the engine's own humas.delivery.sent and rate_limited measurements, with the time of the first and last send.</summary>
public sealed class SendListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _sent;
    private long _rateLimited;
    private long _firstTicks;
    private long _lastTicks;

    public SendListener()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DeliveryMetrics.MeterName && instrument.Name is "humas.delivery.sent" or "humas.delivery.rate_limited")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "humas.delivery.rate_limited")
            {
                Interlocked.Add(ref _rateLimited, value);
                return;
            }

            var now = Stopwatch.GetTimestamp();
            Interlocked.CompareExchange(ref _firstTicks, now, 0);
            Volatile.Write(ref _lastTicks, now);
            Interlocked.Add(ref _sent, value);
        });
        _listener.Start();
    }

    /// <summary>Forgets the sends so far (a warm-up's), so the figures are the next broadcast's.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _sent, 0);
        Interlocked.Exchange(ref _rateLimited, 0);
        Interlocked.Exchange(ref _firstTicks, 0);
        Interlocked.Exchange(ref _lastTicks, 0);
    }

    public long Sent => Interlocked.Read(ref _sent);
    public long RateLimited => Interlocked.Read(ref _rateLimited);
    public long FirstSendTimestamp => Interlocked.Read(ref _firstTicks);
    public long LastSendTimestamp => Volatile.Read(ref _lastTicks);

    public void Dispose() => _listener.Dispose();
}

/// <summary>Takes the platforms' token reports in a benchmark host, which has no Alerts part.</summary>
internal sealed class NoCredentialsMonitor : Humas.Bot.Alerts.ICredentialsMonitor
{
    public Task RejectedAsync(string platform, string reason, CancellationToken ct) => Task.CompletedTask;

    public Task AcceptedAsync(string platform, CancellationToken ct) => Task.CompletedTask;
}
