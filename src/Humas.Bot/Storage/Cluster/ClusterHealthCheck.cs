using Humas.Bot.Host;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Humas.Bot.Storage.Cluster;

/// <summary>
/// Part of <c>/healthz</c>: says whether this instance leads and how many instances are alive, for the operator behind
/// a load balancer; a follower is as ready to take webhooks and sends as the leader. On PostgreSQL it also says whether
/// this instance listens for other instances' commits (<see cref="ClusterWakeListener"/>): Degraded while it does not,
/// never Unhealthy, since its workers still find those rows by their idle polls (<c>Inbox:IdleWaitSeconds</c>,
/// <c>Delivery:IdlePollMilliseconds</c>), only later. Nothing of it on SQLite (one process wakes its own workers).
/// </summary>
public sealed class ClusterHealthCheck(ILeadership leadership, ClusterMembership membership, ClusterWakeListener listener) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var description = $"{(leadership.IsLeader ? "leader" : "follower")}; instance {membership.InstanceName}; {membership.LiveInstances} live instance(s)";
        var data = new Dictionary<string, object>
        {
            ["leader"] = leadership.IsLeader,
            ["instance"] = membership.InstanceName,
            ["liveInstances"] = membership.LiveInstances,
        };
        if (!listener.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy(description, data));
        }

        var listening = listener.Listening;
        data["listening"] = listening;
        if (listening)
        {
            return Task.FromResult(HealthCheckResult.Healthy(description + "; listening for other instances' commits", data));
        }

        // The error goes as the exception: /healthz shows its text (hosts, users) to loopback callers only.
        var error = listener.LastError;
        return Task.FromResult(HealthCheckResult.Degraded(
            description + "; not listening for other instances' commits (" + (error is null ? "connecting" : "its last try failed, see error")
            + "): their rows wait for this instance's idle polls (Inbox:IdleWaitSeconds, Delivery:IdlePollMilliseconds)",
            error,
            data));
    }
}
