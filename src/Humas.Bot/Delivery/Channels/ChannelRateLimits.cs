using Humas.Bot.Subscriptions;
namespace Humas.Bot.Delivery.Channels;

/// <summary>At most <paramref name="Count"/> operations in any window of length <paramref name="Per"/>.</summary>
public readonly record struct Rate(int Count, TimeSpan Per)
{
    public static Rate PerSecond(int count) => new(count, TimeSpan.FromSeconds(1));

    public static Rate PerMinute(int count) => new(count, TimeSpan.FromMinutes(1));

    public override string ToString() => $"{Count}/{Per.TotalSeconds:0.###}s";
}

/// <summary>
/// A channel's platform limits, declared by the channel from its own options section. Every listed rate is enforced at once: a send waits until the bot-wide
/// rates, the conversation's rates (by its kind) and, when the address has a tenant, the tenant's rates
/// all allow it. An empty list means no limit at that level.
/// </summary>
public sealed record ChannelRateLimits(
    IReadOnlyList<Rate> Bot,
    IReadOnlyDictionary<ConversationKind, IReadOnlyList<Rate>> PerConversation,
    IReadOnlyList<Rate> PerTenant)
{
    public static ChannelRateLimits Unlimited { get; } = new([], new Dictionary<ConversationKind, IReadOnlyList<Rate>>(), []);

    public IReadOnlyList<Rate> ForConversation(ConversationKind kind) =>
        PerConversation.TryGetValue(kind, out var rates) ? rates : [];

    /// <summary>
    /// One instance's share when <paramref name="instances"/> send together: every window keeps its count and
    /// grows <paramref name="instances"/> times longer (30/s becomes 30 per 2 s with two instances), so the
    /// instances' sums stay within each limit, the bot's, a conversation's and a tenant's alike.
    /// </summary>
    public ChannelRateLimits Share(int instances)
    {
        if (instances <= 1)
        {
            return this;
        }

        IReadOnlyList<Rate> Scale(IReadOnlyList<Rate> rates) => rates.Select(r => new Rate(r.Count, r.Per * instances)).ToList();
        return new(Scale(Bot), PerConversation.ToDictionary(kv => kv.Key, kv => Scale(kv.Value)), Scale(PerTenant));
    }
}
