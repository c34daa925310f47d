using System.Threading.RateLimiting;
using Humas.Bot.Host;

namespace Humas.Bot.Admin.Live;

/// <summary>
/// Open <c>/admin/live/progress</c> streams: each holds a connection and polls, so they are bounded per client
/// IP and in total like the chat's (a 429 beyond; the dashboard page falls back to its numbers on reload).
/// </summary>
public sealed class ProgressStreamLimits : IHttpRateLimit
{
    public const string Tag = "admin.stream";
    public const int PerIp = 20;
    public const int Total = 500;

    public PartitionedRateLimiter<HttpContext> Limiter { get; } = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            HttpRateLimits.Tag(http) == Tag ? HttpRateLimits.Concurrent("progress-ip:" + HttpRateLimits.ClientIp(http), PerIp) : HttpRateLimits.None),
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            HttpRateLimits.Tag(http) == Tag ? HttpRateLimits.Concurrent("progress-all", Total) : HttpRateLimits.None));
}
