using Humas.Bot.Host;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Humas.Bot.Storage.Cluster;

/// <summary>
/// Part of <c>/healthz</c>: always healthy (a follower is as ready to take webhooks and sends as the leader), and
/// says whether this instance leads and how many instances are alive, for the operator behind a load balancer.
/// </summary>
public sealed class ClusterHealthCheck(ILeadership leadership, ClusterMembership membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(
            $"{(leadership.IsLeader ? "leader" : "follower")}; instance {membership.InstanceName}; {membership.LiveInstances} live instance(s)",
            new Dictionary<string, object>
            {
                ["leader"] = leadership.IsLeader,
                ["instance"] = membership.InstanceName,
                ["liveInstances"] = membership.LiveInstances,
            }));
}
