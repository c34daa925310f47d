using System.Threading.RateLimiting;
using Humas.Bot.Host;
using Humas.Bot.Storage.Cluster;

namespace Humas.Bot.Admin.Live;

/// <summary>
/// Open <c>/admin/live/progress</c> streams: each holds a connection and polls, so they are bounded per client
/// IP and in total like the chat's (a 429 beyond; the dashboard page falls back to its numbers on reload). The
/// per-IP bound is this instance's share among the live instances; the total is this instance's capacity.
/// </summary>
public sealed class ProgressStreamLimits(ClusterMembership cluster) : IHttpRateLimit
{
    public const string Tag = "admin.stream";
    public const int PerIp = 20;
    public const int Total = 500;

    public PartitionedRateLimiter<HttpContext> Limiter { get; } = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            HttpRateLimits.Tag(http) == Tag ? HttpRateLimits.Concurrent("progress-ip:" + HttpRateLimits.ClientIp(http), PerIp, () => cluster.LiveInstances) : HttpRateLimits.None),
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            HttpRateLimits.Tag(http) == Tag ? HttpRateLimits.PerInstance("progress-all", Total) : HttpRateLimits.None));
}
