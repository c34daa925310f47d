using System.Collections.Concurrent;
using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Delivery.RateLimiting;

/// <summary>One <see cref="ChannelRateLimiter"/> per channel, shared by the dispatcher's workers and the operations.</summary>
public sealed class RateLimiterRegistry(TimeProvider time, Microsoft.Extensions.Options.IOptions<DeliveryOptions> options)
{
    private readonly ConcurrentDictionary<string, ChannelRateLimiter> _limiters = new(StringComparer.Ordinal);

    public ChannelRateLimiter For(IDeliveryChannel channel) =>
        _limiters.GetOrAdd(channel.Name, _ => new ChannelRateLimiter(channel.RateLimits, time, options.Value.PaceBotEvenly));
}
