using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Storage.Cluster;

/// <summary>
/// A message for every instance on the database, sent at once rather than with a commit (unlike
/// <see cref="ClusterNotice"/>): on PostgreSQL a <c>pg_notify</c> on a channel of its own, outside any transaction,
/// which <see cref="ClusterWakeListener"/> hands to that channel's <see cref="ClusterMessageTarget"/>s (this instance's
/// own listener hears it too). Best effort and not kept: an instance whose listener is down when it is sent never
/// hears it, and a failed send is logged, not retried. Nothing on SQLite, where the one process already knows.
/// </summary>
public sealed class ClusterMessages(
    IDbContextFactory<HumasDbContext> factory, IOptions<DatabaseOptions> database, ILogger<ClusterMessages> log)
{
    /// <summary>
    /// Sends <paramref name="payload"/> on <paramref name="channel"/> without waiting for the database, so that the
    /// caller (a send that met a 429) is not held by it.
    /// </summary>
    public void Post(string channel, string payload)
    {
        if (database.Value.Provider == DatabaseProvider.Postgres)
        {
            _ = SendAsync(channel, payload, CancellationToken.None);
        }
    }

    /// <summary><see cref="Post"/>, awaited; never throws but for <paramref name="ct"/>.</summary>
    public async Task SendAsync(string channel, string payload, CancellationToken ct)
    {
        if (database.Value.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SELECT FROM pg_notify({0}, {1})", [channel, payload], ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not tell the other instances on {ClusterChannel}: {Error}", channel, e.Message);
        }
    }
}

/// <summary>
/// What <see cref="ClusterWakeListener"/> calls with each <see cref="ClusterMessages"/> payload heard on
/// <paramref name="Channel"/> (a PostgreSQL identifier, fixed in the code). Any client of the database may notify the
/// channel, so <paramref name="Receive"/> must take any text and ignore what it cannot read; it runs on the listener's
/// connection, so it must be quick. Registered with <see cref="ClusterRegistration.HearFromOtherInstances"/>.
/// </summary>
public sealed record ClusterMessageTarget(string Channel, Action<string> Receive);
