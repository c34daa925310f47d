using System.Globalization;
using Humas.Bot.Benchmarks.Delivery;
using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Delivery;
using Humas.Bot.FakePlatforms.Postgres;
using Humas.Bot.Feedback;
using Humas.Bot.Host;
using Humas.Bot.Ingestion;
using Humas.Bot.Institutions;
using Humas.Bot.Links;
using Humas.Bot.Localization;
using Humas.Bot.Publishing;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Console;

namespace Humas.Bot.Benchmarks.Telegram;

/// <summary>
/// The whole service as Program.cs wires it (every Add* and Map*), started in this process on
/// 127.0.0.1:0 with configuration only from memory: a fresh SQLite file, Telegram in Webhook mode with a
/// secret and its Bot API at the fake server, one publish API key.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    public const string Secret = "bench-webhook-secret";
    public const string ApiKey = "bench-publish-key";
    private readonly DirectoryInfo _folder;
    private readonly bool _keep;

    private string? _postgresDatabase;

    private ServiceHost(WebApplication app, DirectoryInfo folder, bool keep, string baseUrl)
    {
        App = app;
        _folder = folder;
        _keep = keep;
        BaseUrl = baseUrl;
    }

    public WebApplication App { get; }
    public string BaseUrl { get; }
    public IDbContextFactory<HumasDbContext> Db => App.Services.GetRequiredService<IDbContextFactory<HumasDbContext>>();

    public static async Task<ServiceHost> StartAsync(TelegramBenchOptions o, FakeTelegramHandle fake, IDictionary<string, string?> extra)
    {
        var folder = Directory.CreateTempSubdirectory("humas-telegram-bench-");
        var settings = new Dictionary<string, string?>(BenchHost.BaseSettings(Path.Combine(folder.FullName, "humas.db"), o.LogLevel))
        {
            ["Telegram:Token"] = fake.Token,
            ["Telegram:ApiBaseUrl"] = fake.BaseUrl,
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookSecret"] = Secret,
            ["Publishing:ApiKeys:0"] = ApiKey,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in o.Settings)
        {
            settings[key] = value;
        }

        string? postgresDatabase = null;
        if (o.Postgres)
        {
            postgresDatabase = "bench_" + Guid.NewGuid().ToString("N");
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Humas"] = await PostgresServer.Shared.CreateDatabaseAsync(postgresDatabase);
        }

        var builder = BenchHost.CreateBuilder(settings);
        builder.AddObservability();
        builder.AddLocalization();
        builder.AddStorage();
        builder.AddInstitutions();
        builder.AddIngestion();
        builder.AddPublishing();
        builder.AddSubscriptions();
        builder.AddDelivery();
        builder.AddFeedback();
        builder.AddLinks();
        builder.AddTips();
        builder.AddTelegram();
        builder.AddTelegramInbound();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealth();
        app.MapPublishingApi();
        app.MapFeedbackApi();
        app.MapLinks();
        app.MapTelegramWebhook();
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<HumasDbContext>>().CreateDbContextAsync())
        {
            if (!await db.Set<Humas.Bot.Institutions.Institution>().AnyAsync(i => i.Id == "kominfo"))
            {
                db.Add(new Humas.Bot.Institutions.Institution { Id = "kominfo", Name = "Kementerian Komunikasi dan Informatika", CreatedAt = DateTime.UtcNow });
                await db.SaveChangesAsync();
            }
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServiceHost(app, folder, o.KeepDatabase, address.TrimEnd('/')) { _postgresDatabase = postgresDatabase };
    }

    public Task SeedSubscribersAsync(int count, long firstChatId = EngineHost.FirstChatId) =>
        EngineHost.SeedSubscribersAsync(Db, count, firstChatId: firstChatId);

    public static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_postgresDatabase is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await PostgresServer.Shared.DropDatabaseAsync(_postgresDatabase);
        }

        if (_keep)
        {
            await Console.Error.WriteLineAsync($"database kept at {Path.Combine(_folder.FullName, "humas.db")}");
        }
        else
        {
            _folder.Delete(recursive: true);
        }
    }
}
