using System.Threading.RateLimiting;
using Humas.Bot.Host;
using Humas.Bot.Storage.Cluster;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Web.Visitors;

/// <summary>
/// The web channel's request limits on ASP.NET Core's rate limiter (<see cref="HttpRateLimits"/>): votes per
/// visitor and per IP each minute, votes per article per IPv4 address or IPv6 /64 each day, visitor ids per IP
/// each hour, chat actions per visitor each minute, and open event streams per visitor, per IP and in total.
/// Every per-visitor and per-address limit is this instance's share among the live instances
/// (<see cref="ClusterMembership.LiveInstances"/>, <see cref="HttpRateLimits.Share"/>); the total of open streams
/// (<see cref="WebOptions.MaxStreams"/>) bounds this instance's own capacity and is not divided.
/// The client IP is the connection's after the forwarded-headers middleware (trusted proxies only).
/// </summary>
public sealed class WebRateLimits : IHttpRateLimit
{
    public const string Vote = "web.vote";
    public const string IssueVisitor = "web.visitor";
    public const string ChatAction = "web.chat";
    public const string Stream = "web.stream";

    private readonly VisitorIds _ids;
    private readonly TimeProvider _time;
    private readonly TimeSpan _minAge;

    public WebRateLimits(IOptions<WebOptions> options, VisitorIds ids, ClusterMembership cluster, TimeProvider time)
    {
        var o = options.Value;
        (_ids, _time, _minAge) = (ids, time, TimeSpan.FromSeconds(o.VisitorMinAgeSeconds));
        RequireVisitorCookie = o.RequireVisitorCookie;
        var minute = TimeSpan.FromMinutes(1);
        var instances = () => cluster.LiveInstances;
        Limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(http => HttpRateLimits.Tag(http) switch
            {
                Vote when WebRequests.Visitor(http, ids) is { } visitor => HttpRateLimits.Window("vote:" + visitor, o.VotesPerMinutePerVisitor, minute, cluster.LiveInstances),
                ChatAction when WebRequests.Visitor(http, ids) is { } visitor => HttpRateLimits.Window("chat:" + visitor, o.ChatActionsPerMinute, minute, cluster.LiveInstances),
                Stream when WebRequests.Visitor(http, ids, allowCookie: true) is { } visitor => HttpRateLimits.Concurrent("stream:" + visitor, o.StreamsPerVisitor, instances),
                _ => HttpRateLimits.None,
            }),
            PartitionedRateLimiter.Create<HttpContext, string>(http => HttpRateLimits.Tag(http) switch
            {
                Vote => HttpRateLimits.Window("vote-ip:" + HttpRateLimits.ClientIp(http), o.VotesPerMinutePerIp, minute, cluster.LiveInstances),
                IssueVisitor => HttpRateLimits.Window("visitor-ip:" + HttpRateLimits.ClientIp(http), o.VisitorsPerHourPerIp, TimeSpan.FromHours(1), cluster.LiveInstances),
                Stream => HttpRateLimits.Concurrent("stream-ip:" + HttpRateLimits.ClientIp(http), o.StreamsPerIp, instances),
                _ => HttpRateLimits.None,
            }),
            PartitionedRateLimiter.Create<HttpContext, string>(http => HttpRateLimits.Tag(http) switch
            {
                Stream => HttpRateLimits.PerInstance("stream-all", o.MaxStreams),
                _ => HttpRateLimits.None,
            }));
        _articleVotes = PartitionedRateLimiter.Create<string, string>(key => HttpRateLimits.Window(key, o.VotesPerArticlePerIp, TimeSpan.FromDays(1), cluster.LiveInstances));
    }

    private readonly PartitionedRateLimiter<string> _articleVotes;

    /// <summary><see cref="WebOptions.RequireVisitorCookie"/>: a vote needs the <see cref="VisitorCookie"/> of its visitor.</summary>
    public bool RequireVisitorCookie { get; }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>Null when the visitor's id is old enough to vote (<see cref="WebOptions.VisitorMinAgeSeconds"/>), else how long to wait.</summary>
    public TimeSpan? TooYoungToVote(HttpContext http)
    {
        var token = _ids.Read(http.Request.Headers[WebRequests.VisitorHeader].ToString());
        var wait = token is null ? TimeSpan.Zero : token.IssuedAt + _minAge - _time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    /// <summary>
    /// One vote on <paramref name="articleId"/> from the caller's IPv4 address or IPv6 /64; null when allowed, else
    /// how long to wait. Asked by the widget's and the chat's vote alike (the chat names the article in its body,
    /// which the middleware cannot read).
    /// </summary>
    public TimeSpan? AcquireArticleVote(HttpContext http, Guid articleId)
    {
        using var lease = _articleVotes.AttemptAcquire($"{articleId:N}:{HttpRateLimits.ClientNetwork(http)}");
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromHours(1);
    }
}
