using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Humas.Bot.Host;

/// <summary>One part's request limits, as partitioned limiters over the request; parts register theirs as singletons.</summary>
public interface IHttpRateLimit
{
    PartitionedRateLimiter<HttpContext> Limiter { get; }
}

/// <summary>Names the limits an endpoint falls under (its parts' <see cref="IHttpRateLimit"/>s read it).</summary>
public sealed record RateLimitTag(string Name);

/// <summary>
/// ASP.NET Core's rate limiter for the whole service: every part's <see cref="IHttpRateLimit"/> chained into the
/// global limiter, so one endpoint can fall under several partitioned limits at once (a vote: per visitor, per IP,
/// per article and network). A refusal is a 429 problem with Retry-After. In memory, each instance enforcing its
/// share: with N live instances on one database a client's limit becomes ceil(limit / N) per instance (never below
/// 1), so a client the balancer spreads over the instances gets about the configured limit in total; a bound on
/// this instance's own capacity (all open streams) is not divided. Rules that must hold exactly across instances
/// (one vote per reader, upload quotas) live in the database.
/// </summary>
public static class HttpRateLimits
{
    public static IHostApplicationBuilder AddHttpRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IEnumerable<IHttpRateLimit>>((o, limits) =>
        {
            var all = limits.Select(l => l.Limiter).ToArray();
            if (all.Length > 0)
            {
                o.GlobalLimiter = all.Length == 1 ? all[0] : PartitionedRateLimiter.CreateChained(all);
            }

            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectedAsync;
        });
        return builder;
    }

    public static TBuilder LimitedBy<TBuilder>(this TBuilder endpoint, string tag)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new RateLimitTag(tag));

    /// <summary>The endpoint's tag, or null for endpoints no limit names.</summary>
    public static string? Tag(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<RateLimitTag>()?.Name;

    /// <summary>The caller's address as the forwarded-headers middleware left it (the client's, behind a trusted proxy).</summary>
    public static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>An IPv4 address, or the /64 an IPv6 address is in: one household or office on IPv6 has a whole /64.</summary>
    public static string ClientNetwork(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }

    /// <summary>This instance's share of a client's <paramref name="limit"/> among <paramref name="instances"/> live instances: ceil(limit / N), at least 1.</summary>
    public static int Share(int limit, int instances) => (int)Math.Max(1, ((long)limit + Math.Max(1, instances) - 1) / Math.Max(1, instances));

    /// <summary>
    /// A client's fixed window, this instance's <see cref="Share"/> of it. The framework's window fixes its permit
    /// limit when its partition is made, so the key names the share's N: a change of N (read at each request)
    /// starts new partitions with the new share, and the old ones are dropped once idle. The price: a change of N
    /// starts every client's window afresh, as a restart does.
    /// </summary>
    public static RateLimitPartition<string> Window(string key, int limit, TimeSpan window, int instances)
    {
        var n = Math.Max(1, instances);
        return RateLimitPartition.GetFixedWindowLimiter(FormattableString.Invariant($"{key}#{n}"), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Share(limit, n),
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// A client's open requests (event streams), this instance's <see cref="Share"/> of <paramref name="limit"/>
    /// with N read at every acquisition (<see cref="SharedConcurrencyLimiter"/>: why not the framework's).
    /// </summary>
    public static RateLimitPartition<string> Concurrent(string key, int limit, Func<int> instances) =>
        RateLimitPartition.Get(key, _ => new SharedConcurrencyLimiter(limit, instances));

    /// <summary>A bound on this instance's own capacity (all its open streams): the same whatever the number of instances.</summary>
    public static RateLimitPartition<string> PerInstance(string key, int limit) =>
        RateLimitPartition.GetConcurrencyLimiter(key, _ => new ConcurrencyLimiterOptions { PermitLimit = limit, QueueLimit = 0 });

    public static RateLimitPartition<string> None { get; } = RateLimitPartition.GetNoLimiter("");

    private static async ValueTask RejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry)
            ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds))
            : 5;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem($"Too many requests; try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests, title: "Rate limited")
            .ExecuteAsync(http);
    }
}
