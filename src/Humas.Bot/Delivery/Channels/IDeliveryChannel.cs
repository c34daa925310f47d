namespace Humas.Bot.Delivery.Channels;

/// <summary>
/// What a messaging platform adapter (Telegram, Teams, Web) gives the delivery engine. The engine decides
/// when and to whom; the adapter decides how a channel-neutral <see cref="OutboundMessage"/> looks on its
/// platform and what a platform error means. Adapters must not retry or sleep themselves: throwing and
/// letting <see cref="Classify"/> explain the exception keeps one retry policy and one rate limiter.
/// </summary>
public interface IDeliveryChannel
{
    /// <summary>Stable lower-case name stored with each conversation, e.g. "telegram", "teams", "web".</summary>
    string Name { get; }

    /// <summary>
    /// False when the channel is configured off (no token): it is left out of the registry and its
    /// deliveries wait. Decided from options when the registry is built, not at service registration,
    /// so settings added late (tests, hosting layers) are honoured.
    /// </summary>
    bool IsEnabled => true;

    /// <summary>The platform's limits; the engine's shared token buckets enforce them.</summary>
    ChannelRateLimits RateLimits { get; }

    /// <summary>Longest text the platform accepts in one message; digests are split to fit it.</summary>
    int MaxMessageLength { get; }

    Task<SentMessage> SendAsync(ConversationAddress to, OutboundMessage message, CancellationToken ct);

    /// <summary>Replaces a sent message's content. "Not modified" answers must be treated as success.</summary>
    Task EditAsync(ConversationAddress to, string messageId, OutboundMessage message, CancellationToken ct);

    Task DeleteAsync(ConversationAddress to, string messageId, CancellationToken ct);

    /// <summary>Explains an exception thrown by Send/Edit/Delete so the engine can retry, wait or give up.</summary>
    DeliveryFailure Classify(Exception error);
}
