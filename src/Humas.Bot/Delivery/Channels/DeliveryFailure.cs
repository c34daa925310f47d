namespace Humas.Bot.Delivery.Channels;

/// <summary>Who a "too many requests" answer applies to.</summary>
public enum RateLimitScope
{
    /// <summary>The whole bot (a global flood limit): every send on the channel waits.</summary>
    Bot,

    /// <summary>One chat or conversation: only sends to it wait.</summary>
    Conversation,
}

/// <summary>A channel's verdict on a failed operation; the engine acts on it, the channel never retries.</summary>
public abstract record DeliveryFailure(string Reason)
{
    /// <summary>Rate limited (HTTP 429): wait <paramref name="Delay"/> for <paramref name="Scope"/>, then retry.</summary>
    public sealed record RetryAfter(RateLimitScope Scope, TimeSpan Delay, string Reason) : DeliveryFailure(Reason);

    /// <summary>5xx, timeout, connection reset: retry with backoff until the attempt limit.</summary>
    public sealed record Transient(string Reason) : DeliveryFailure(Reason);

    /// <summary>
    /// The recipient cannot be reached any more (blocked, kicked, chat not found, app uninstalled): the
    /// conversation is deactivated. With <paramref name="MovedToExternalId"/> (Telegram's
    /// migrate_to_chat_id) the conversation moved instead, and the message is re-sent there.
    /// </summary>
    public sealed record RecipientGone(string Reason, string? MovedToExternalId = null) : DeliveryFailure(Reason);

    /// <summary>The platform rejected this message itself (bad markup, too long): retrying cannot help.</summary>
    public sealed record MessageInvalid(string Reason) : DeliveryFailure(Reason);
}
