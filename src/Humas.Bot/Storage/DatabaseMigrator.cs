using Humas.Bot.Host;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Storage;

/// <summary>
/// Applies pending migrations in the host's "starting" phase, before any hosted service (poller,
/// dispatcher) touches the database.
/// </summary>
public sealed class DatabaseMigrator(
    IDbContextFactory<HumasDbContext> factory,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> log) : StartingPhaseService
{
    public override Task StartingAsync(CancellationToken cancellationToken) => MigrateAsync(cancellationToken);

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (options.Value.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers (health checks, the dashboard) run beside the writers; it is a property of
            // the file, so setting it once at start is enough.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        if (!options.Value.MigrateAtStart)
        {
            return;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            log.LogInformation("Applying {MigrationCount} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
    }
}
