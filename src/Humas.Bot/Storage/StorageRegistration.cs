using Humas.Bot.Storage.Files;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;
using Humas.Bot.Storage.Cluster;
using Npgsql;

namespace Humas.Bot.Storage;

public static class StorageRegistration
{
    public const string ConnectionStringName = "Humas";
    public const string DefaultSqliteConnection = "Data Source=data/humas.db";

    /// <summary>EF Core on SQLite (default) or PostgreSQL, chosen by <c>Database:Provider</c>.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions(DatabaseOptions.Section, new DatabaseOptionsValidator())
            .Validate<IConfiguration>(
                (o, config) => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(config.GetConnectionString(ConnectionStringName)),
                $"ConnectionStrings:{ConnectionStringName}: required when Database:Provider is Postgres");

        // Resolved lazily, after the options above were validated at start. The factory hands out the
        // provider's own context type, which owns that provider's migrations.
        builder.Services.AddDbContextFactory<HumasDbContext, ProviderDbContextFactory>((services, options) =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName);
            if (database.Provider == DatabaseProvider.Postgres)
            {
                options.UseNpgsql(PreparePostgres(connectionString!), npgsql => npgsql.EnableRetryOnFailure());
            }
            else
            {
                options.UseSqlite(PrepareSqlite(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnection : connectionString));
            }

            HumasDbContext.ConfigureShared(options);
            options.AddInterceptors(new NulCharacterInterceptor());
            // Interceptors registered as services join every context (a test uses one to hold or fail a chosen statement).
            options.AddInterceptors(services.GetServices<IInterceptor>());
        });
        // ASP.NET Core Data Protection (sign-in cookies, anti-forgery tokens, visitor ids) keeps its key ring in the
        // database, under one application name: whatever one instance issued, every other one accepts, and a
        // restart or a new container forgets nothing. Keys are stored unencrypted; the database is the secret.
        builder.Services.AddDataProtection()
            .SetApplicationName("Humas.Bot")
            .PersistKeysToDbContext<HumasDbContext>();
        builder.Services.AddValidatedOptions(FileStoreOptions.Section, new FileStoreOptionsValidator());
        builder.Services.AddSingleton<FileStore>();
        builder.Services.AddSingleton<Audit.AuditLog>(); // editors' and operators' actions, from every part
        builder.Services.AddSingleton<SqliteWriteGate>();
        builder.Services.AddStartingPhase<DatabaseMigrator>();
        builder.Services.AddCluster();
        builder.Services.AddProblemDetails(); // the handler below writes problem details; harmless if the host added it too
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        builder.Services.AddHealthChecks().AddDbContextCheck<HumasDbContext>("database").AddCheck<ClusterHealthCheck>("cluster");
        return builder;
    }

    /// <summary>Creates the context of the configured <c>Database:Provider</c>.</summary>
    private sealed class ProviderDbContextFactory(DbContextOptions<HumasDbContext> options, IOptions<DatabaseOptions> database)
        : IDbContextFactory<HumasDbContext>
    {
        public HumasDbContext CreateDbContext() => HumasDbContext.Create(database.Value.Provider, options);
    }

    /// <summary>Creates the database file's folder so a fresh checkout starts without set-up.</summary>
    private static string PrepareSqlite(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(csb.DataSource) && csb.DataSource != ":memory:")
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(csb.DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        // Writers wait for each other instead of failing with "database is locked".
        if (csb.DefaultTimeout < 30)
        {
            csb.DefaultTimeout = 30;
        }

        return csb.ToString();
    }

    /// <summary>The most statements Npgsql keeps prepared on each PostgreSQL connection when the operator names no number.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// Unless the operator chose otherwise, lets Npgsql prepare the statements each connection runs most. The service
    /// sends the same few statements thousands of times a second (a lease, its rows' loads, a send's result, a vote
    /// batch's reads), and PostgreSQL parses and plans an unprepared statement every time, on cores it may share with
    /// the service. A prepared statement stays prepared on its connection while the pool reuses it. Statements whose
    /// text changes with their rows (a vote batch's writes, a multi-row insert) mostly stay unprepared.
    /// </summary>
    internal static string PreparePostgres(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        // Npgsql's builder knows every keyword whether set or not; the plain builder holds only what was written.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>();
        if (!written.Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), nameof(csb.MaxAutoPrepare), StringComparison.OrdinalIgnoreCase)))
        {
            csb.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return csb.ToString();
    }
}
