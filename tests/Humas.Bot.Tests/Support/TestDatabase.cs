using Humas.Bot.FakePlatforms.Postgres;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Support;

/// <summary>The two databases the service runs on; integration tests run on both.</summary>
public enum DatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A real database of its own for one test, migrated like the service does, removed afterwards: a SQLite file
/// in a temp folder, or a database on the run's throw-away PostgreSQL server (<see cref="PostgresServer.Shared"/>).
/// A migrated database is a copy of a template migrated once per test run (on SQLite a copy of the file, under a
/// millisecond; on PostgreSQL CREATE DATABASE ... TEMPLATE, a few), instead of about half a second of CPU per test
/// for the migrations. A service started on it still runs its migrator, which finds nothing pending.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<HumasDbContext>, IDisposable
{
    private const string Template = "humas_template";
    private static readonly Lazy<string> MigratedPostgresTemplate = new(CreatePostgresTemplate);
    private static readonly Lazy<string> MigratedSqliteTemplate = new(CreateSqliteTemplate);
    private readonly string? _postgresName;

    public TestDatabase(bool migrate = true, DatabaseKind kind = DatabaseKind.Sqlite)
    {
        Kind = kind;
        Folder = Directory.CreateTempSubdirectory("humas-test-").FullName;
        if (kind == DatabaseKind.Postgres)
        {
            _postgresName = "t_" + Guid.NewGuid().ToString("N");
            ConnectionString = PostgresServer.Shared.CreateDatabaseAsync(_postgresName, migrate ? MigratedPostgresTemplate.Value : null).GetAwaiter().GetResult();
            return;
        }

        var file = Path.Combine(Folder, "humas.db");
        ConnectionString = SqliteConnectionString(file);
        if (migrate)
        {
            File.Copy(MigratedSqliteTemplate.Value, file);
        }
    }

    public DatabaseKind Kind { get; }

    /// <summary>A temp folder for the test's other files (on SQLite it also holds the database file).</summary>
    public string Folder { get; }

    public string ConnectionString { get; }

    /// <summary>The service's settings for this database: <c>Database:Provider</c> and <c>ConnectionStrings:Humas</c>.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Database:Provider"] = Kind.ToString(),
        ["ConnectionStrings:Humas"] = ConnectionString,
    };

    public HumasDbContext CreateDbContext() => HumasDbContext.Create(Provider, Options(ConnectionString, Kind));

    /// <summary>The service's name for <see cref="Kind"/>.</summary>
    public DatabaseProvider Provider => Kind == DatabaseKind.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    public static DbContextOptions<HumasDbContext> Options(string connectionString, DatabaseKind kind = DatabaseKind.Sqlite)
    {
        var builder = new DbContextOptionsBuilder<HumasDbContext>();
        if (kind == DatabaseKind.Postgres)
        {
            builder.UseNpgsql(connectionString);
        }
        else
        {
            builder.UseSqlite(connectionString);
        }

        return builder.Options;
    }

    public void Dispose()
    {
        if (_postgresName is not null)
        {
            try
            {
                PostgresServer.Shared.DropDatabaseAsync(_postgresName).GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // The server goes away with the run.
            }
        }

        DeleteFolder(Folder);
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow CI machine; the temp folder is cleaned by the OS later.
        }
    }

    private static string SqliteConnectionString(string file) => $"Data Source={file};Default Timeout=30;Pooling=False";

    /// <summary>
    /// Migrated once per test process. Without pooling the connection is closed when the context is disposed, and a
    /// migration leaves the file in SQLite's default journal mode, so the one file is the whole database.
    /// </summary>
    private static string CreateSqliteTemplate()
    {
        var folder = Directory.CreateTempSubdirectory("humas-template-").FullName;
        var file = Path.Combine(folder, "humas.db");
        using (var db = HumasDbContext.Create(DatabaseProvider.Sqlite, Options(SqliteConnectionString(file))))
        {
            db.Database.Migrate();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteFolder(folder);
        return file;
    }

    private static string CreatePostgresTemplate()
    {
        var server = PostgresServer.Shared;
        var connectionString = server.CreateDatabaseAsync(Template).GetAwaiter().GetResult();
        var noPool = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        using (var db = new PostgresHumasDbContext(Options(noPool, DatabaseKind.Postgres)))
        {
            db.Database.Migrate();
        }

        // A template may have no open connections while it is copied.
        return Template;
    }
}
