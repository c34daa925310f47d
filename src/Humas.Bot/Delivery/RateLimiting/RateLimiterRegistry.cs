using System.Collections.Concurrent;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Storage.Cluster;

namespace Humas.Bot.Delivery.RateLimiting;

/// <summary>
/// One <see cref="ChannelRateLimiter"/> per channel, shared by the dispatcher's workers and the operations. With
/// several instances on one database each limiter takes 1/N of the platform's limits, N being the live
/// instances the heartbeats count (<see cref="ClusterMembership"/>), and follows N as instances come and go.
/// </summary>
public sealed class RateLimiterRegistry(TimeProvider time, Microsoft.Extensions.Options.IOptions<DeliveryOptions> options, ClusterMembership membership)
{
    private readonly ConcurrentDictionary<string, ChannelRateLimiter> _limiters = new(StringComparer.Ordinal);

    public ChannelRateLimiter For(IDeliveryChannel channel)
    {
        var limiter = _limiters.GetOrAdd(channel.Name, _ => new ChannelRateLimiter(channel.RateLimits, time, options.Value.PaceBotEvenly));
        limiter.Rescale(membership.LiveInstances);
        return limiter;
    }
}
