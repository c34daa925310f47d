using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Storage.Cluster;

/// <summary>
/// On PostgreSQL, records this instance as alive every <see cref="ClusterOptions.HeartbeatSeconds"/> and counts
/// the instances heard from within <see cref="ClusterOptions.InstanceTimeoutSeconds"/>, all by the database's
/// clock (instances' clocks may disagree). A clean stop removes the row at once; a killed instance stops
/// counting after the timeout, and the others' shares grow back.
/// </summary>
public sealed class InstanceHeartbeat(
    IDbContextFactory<HumasDbContext> factory,
    ClusterMembership membership,
    IOptions<DatabaseOptions> database,
    IOptions<ClusterOptions> options,
    TimeProvider time,
    ILogger<InstanceHeartbeat> log) : BackgroundService
{
    /// <summary>Rows of instances gone this long are deleted.</summary>
    private static readonly TimeSpan Forget = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Value.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The count keeps its last value; shares are only as stale as the outage.
                log.LogWarning(e, "Instance heartbeat failed; keeping {LiveInstances} live instance(s)", membership.LiveInstances);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async Task BeatAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "ClusterInstances" ("Id", "StartedAt", "HeartbeatAt") VALUES ({0}, now(), now())
            ON CONFLICT ("Id") DO UPDATE SET "HeartbeatAt" = now()
            """, [membership.InstanceName], ct);
        var timeout = options.Value.InstanceTimeoutSeconds;
        var live = await db.Database.SqlQueryRaw<int>(
            """SELECT count(*)::int AS "Value" FROM "ClusterInstances" WHERE "HeartbeatAt" > now() - make_interval(secs => {0})""",
            timeout).SingleAsync(ct);
        if (live != membership.LiveInstances)
        {
            log.LogInformation("{LiveInstances} live instance(s); each takes 1/{LiveInstances} of every rate limit", live, live);
        }

        membership.SetLiveInstances(live);
        await db.Database.ExecuteSqlRawAsync(
            """DELETE FROM "ClusterInstances" WHERE "HeartbeatAt" < now() - make_interval(secs => {0})""", [Forget.TotalSeconds], ct);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (database.Value.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await db.Set<ClusterInstance>().Where(i => i.Id == membership.InstanceName).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not remove this instance's heartbeat; it expires by itself");
        }
    }
}
