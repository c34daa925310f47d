using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Humas.Bot.Delivery.Model;
using Humas.Bot.FakePlatforms.Postgres;
using Humas.Bot.FakePlatforms.Processes;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.FaultSuite.Support;

/// <summary>
/// One database (a PostgreSQL database or a SQLite file), migrated, and the real service processes that run on
/// it against a fake Telegram server. Scenarios seed readers, publish, start and kill instances here.
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    public const long FirstChatId = 800_000_000;
    private readonly List<Instance> _instances = [];
    private readonly PostgresServer? _ownServer;

    private Deployment(DatabaseProvider provider, string connectionString, string folder, FakeTelegramServer fake, PostgresServer? server, PostgresServer? ownServer)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Folder = folder;
        Fake = fake;
        Server = server;
        _ownServer = ownServer;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The instances' working folder (tips, and the SQLite file).</summary>
    public string Folder { get; }

    public FakeTelegramServer Fake { get; }

    public PostgresServer? Server { get; }

    /// <summary>Settings every instance gets; scenarios add or override before starting instances.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <param name="ownServer">A PostgreSQL server of its own (a scenario that restarts it), else the process-wide one.</param>
    public static async Task<Deployment> PostgresAsync(FakeTelegramOptions? fakeOptions = null, bool ownServer = false)
    {
        var own = ownServer ? await PostgresServer.StartAsync(maxConnections: 200) : null;
        var server = own ?? PostgresServer.Shared;
        var name = "fault_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = await server.CreateDatabaseAsync(name);
        var deployment = new Deployment(DatabaseProvider.Postgres, connectionString, NewFolder(), await FakeTelegramServer.StartAsync(fakeOptions), server, own);
        await deployment.MigrateAsync();
        return deployment;
    }

    /// <param name="folder">Where the database file lives (a tiny tmpfs for the full-disk scenario); a temp folder by default.</param>
    public static async Task<Deployment> SqliteAsync(string? folder = null, FakeTelegramOptions? fakeOptions = null)
    {
        folder ??= NewFolder();
        var connectionString = $"Data Source={Path.Combine(folder, "humas.db")};Default Timeout=30";
        var deployment = new Deployment(DatabaseProvider.Sqlite, connectionString, folder, await FakeTelegramServer.StartAsync(fakeOptions), null, null);
        await deployment.MigrateAsync();
        return deployment;
    }

    public HumasDbContext CreateDbContext()
    {
        var builder = new DbContextOptionsBuilder<HumasDbContext>();
        if (Provider == DatabaseProvider.Postgres)
        {
            builder.UseNpgsql(ConnectionString);
        }
        else
        {
            builder.UseSqlite(ConnectionString);
        }

        return HumasDbContext.Create(Provider, builder.Options);
    }

    /// <summary>Private chats following everything: chat ids FirstChatId .. FirstChatId + count - 1.</summary>
    public async Task SeedReadersAsync(int count)
    {
        await using var db = CreateDbContext();
        await SeededReaders.AddAsync(db, FirstChatId, count, DateTime.UtcNow);
    }

    /// <summary>An article and its "published" event, as ingestion stores them; the running instances fan it out.</summary>
    public async Task<Guid> PublishAsync(string title)
    {
        await using var db = CreateDbContext();
        var now = DateTime.UtcNow;
        var evt = PublishedArticles.Add(db, title, now, summary: "Ringkasan berita untuk uji gangguan.");
        await db.SaveChangesAsync();
        return evt.ArticleId;
    }

    public async Task<int> SentCountAsync(Guid articleId)
    {
        await using var db = CreateDbContext();
        return await db.Set<DeliveryRecord>().CountAsync(d => d.ArticleId == articleId && d.State == DeliveryState.Sent);
    }

    /// <summary>The article's delivery rows not (yet) Sent.</summary>
    public async Task<int> UnsentCountAsync(Guid articleId)
    {
        await using var db = CreateDbContext();
        return await db.Set<DeliveryRecord>().CountAsync(d => d.ArticleId == articleId && d.State != DeliveryState.Sent);
    }

    /// <summary>Starts one service process on its own port with <see cref="Settings"/> plus <paramref name="extra"/>.</summary>
    public Instance Start(Dictionary<string, string?>? extra = null)
    {
        var port = FreePort();
        var environment = new Dictionary<string, string?>
        {
            ["Database__Provider"] = Provider.ToString(),
            ["ConnectionStrings__Humas"] = ConnectionString,
            ["Telegram__Token"] = Fake.Token,
            ["Telegram__ApiBaseUrl"] = Fake.BaseUrl,
            ["Telegram__Mode"] = "Webhook",
            ["Telegram__WebhookSecret"] = WebhookSecret,
            // A lease at least twice the request timeout: no send can outlive its row's lease (see docs/DELIVERY.md).
            ["Telegram__RequestTimeoutSeconds"] = "4",
            ["Tips__StoragePath"] = Path.Combine(Folder, "tips"),
            ["Delivery__Concurrency"] = "16",
            ["Delivery__LeaseSeconds"] = "10",
            ["Delivery__IdlePollMilliseconds"] = "50",
            ["Delivery__BackoffBaseSeconds"] = "0.2",
            ["Delivery__BackoffCapSeconds"] = "1",
            ["Delivery__MaxAttempts"] = "50",
            ["Cluster__HeartbeatSeconds"] = "1",
            ["Cluster__InstanceTimeoutSeconds"] = "4",
            ["Cluster__LeaderCheckSeconds"] = "1",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in Settings.Concat(extra ?? []))
        {
            environment[key] = value;
        }

        var process = ServiceProcess.Start(["--urls", $"http://127.0.0.1:{port}"], environment, Folder);
        var instance = new Instance(process, port);
        _instances.Add(instance);
        return instance;
    }

    public const string WebhookSecret = "fault-suite-secret";

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }

        await Fake.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownServer is not null)
        {
            await _ownServer.DisposeAsync();
        }
        else if (Server is not null)
        {
            try
            {
                await Server.DropDatabaseAsync(new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Database!);
            }
            catch (Exception)
            {
                // Goes with the server.
            }
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception)
        {
            // A tmpfs mount point or a file still open: harmless.
        }
    }

    private async Task MigrateAsync()
    {
        await using var db = CreateDbContext();
        await db.Database.MigrateAsync();
    }

    private static string NewFolder() => Directory.CreateTempSubdirectory("humas-fault-").FullName;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
