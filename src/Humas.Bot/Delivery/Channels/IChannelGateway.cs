using Humas.Bot.Subscriptions;
namespace Humas.Bot.Delivery.Channels;

/// <summary>The end of one gateway call.</summary>
public abstract record GatewayResult
{
    /// <summary>The platform accepted the call; <paramref name="Message"/> is set for a send.</summary>
    public sealed record Done(SentMessage? Message = null) : GatewayResult;

    /// <summary>The platform refused, or kept failing until the attempts ran out.</summary>
    public sealed record Failed(DeliveryFailure Failure, Exception? Error = null) : GatewayResult;

    /// <summary>No slot within the caller's wait (a 429 pause, a busy chat): come back after <paramref name="Wait"/>.</summary>
    public sealed record Later(TimeSpan Wait) : GatewayResult;

    /// <summary>The conversation's channel is not configured in this process.</summary>
    public sealed record NoChannel(string Channel) : GatewayResult;

    public bool Succeeded => this is Done;
}

/// <summary>
/// The one way out: every call that sends, edits, deletes, answers or looks up on a platform meets here,
/// under the shared limits of its channel and sender (bot-wide, per conversation, per tenant, and this
/// instance's share of the cluster) and in <see cref="SendPriority"/> order, then goes to the channel's
/// <see cref="IDeliveryChannel"/>. Durable messages (articles, digests, notices) are outbox rows that the
/// dispatcher hands to <see cref="TrySendAsync"/>; interactive answers and replies call here directly.
/// </summary>
public interface IChannelGateway
{
    /// <summary>The enabled channel named <paramref name="channel"/>, or null.</summary>
    IDeliveryChannel? Channel(string channel);

    /// <summary>
    /// One attempt, waiting at most <paramref name="maxWait"/> for a slot and starting no later than
    /// <paramref name="startBy"/>: the dispatcher's call, which records the result in the outbox itself.
    /// </summary>
    Task<GatewayResult> TrySendAsync(
        ConversationAddress to, OutboundMessage message, SendPriority priority, TimeSpan maxWait, DateTime? startBy, CancellationToken ct);

    /// <summary>Sends, waiting for a slot and retrying transient failures as the priority allows.</summary>
    Task<GatewayResult> SendAsync(ConversationAddress to, OutboundMessage message, SendPriority priority, CancellationToken ct);

    Task<GatewayResult> EditAsync(ConversationAddress to, string messageId, OutboundMessage message, SendPriority priority, CancellationToken ct);

    Task<GatewayResult> DeleteAsync(ConversationAddress to, string messageId, SendPriority priority, CancellationToken ct);

    /// <summary>Acknowledges a press at <see cref="SendPriority.Interactive"/>; best effort, never throws for a platform refusal.</summary>
    Task<GatewayResult> AnswerAsync(ConversationAddress at, string answerId, string? text, CancellationToken ct);

    /// <summary>Whether the user may manage the group or channel; false when the platform cannot say.</summary>
    Task<bool> MayManageAsync(ConversationAddress at, string userId, CancellationToken ct);
}
