using System.Collections.Concurrent;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Storage.Cluster;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Delivery.RateLimiting;

/// <summary>
/// One <see cref="ChannelRateLimiter"/> per channel and sender (a channel may speak through several bots, each with its own limits), shared by the dispatcher's workers and the operations. With
/// several instances on one database each limiter takes 1/N of the platform's limits, N being the live
/// instances the heartbeats count (<see cref="ClusterMembership"/>), and follows N as instances come and go.
/// </summary>
public sealed class RateLimiterRegistry(TimeProvider time, Microsoft.Extensions.Options.IOptions<DeliveryOptions> options, ClusterMembership membership)
{
    private readonly ConcurrentDictionary<string, ChannelRateLimiter> _limiters = new(StringComparer.Ordinal);

    public ChannelRateLimiter For(IDeliveryChannel channel, ConversationAddress to)
    {
        var sender = channel.SenderOf(to);
        var key = sender.Length == 0 ? channel.Name : $"{channel.Name}/{sender}";
        var limiter = _limiters.GetOrAdd(key, _ => new ChannelRateLimiter(
            channel.RateLimitsOf(sender), time, options.Value.PaceBotEvenly, channel.TenantOf, TimeSpan.FromMilliseconds(options.Value.RoundTripAllowanceMilliseconds)));
        limiter.Rescale(membership.LiveInstances);
        return limiter;
    }
}
