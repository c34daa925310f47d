using Humas.Bot.Subscriptions;
namespace Humas.Bot.Delivery.Channels;

/// <summary>
/// What a messaging platform adapter (Telegram, Teams, Web, ...) gives the channel gateway: the only code
/// that calls the platform's client to send, edit, delete, answer or look up. The gateway decides when (the
/// shared limits and priorities, see <see cref="IChannelGateway"/>); the adapter decides how a
/// channel-neutral <see cref="OutboundMessage"/> looks on its platform and what a platform error means.
/// Adapters must not retry or sleep themselves: throwing and letting <see cref="Classify"/> explain the
/// exception keeps one retry policy and one rate limiter.
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

    /// <summary>The platform's limits for one sender (one bot); the gateway's shared windows enforce them.</summary>
    ChannelRateLimits RateLimits { get; }

    /// <summary>
    /// The limits of one sender (<see cref="SenderOf"/>) when its own differ from <see cref="RateLimits"/> (a phone
    /// number with its own throughput); asked once, when the gateway makes that sender's limiter.
    /// </summary>
    ChannelRateLimits RateLimitsOf(string sender) => RateLimits;

    /// <summary>Longest text the platform accepts in one message; digests are split to fit it.</summary>
    int MaxMessageLength { get; }

    /// <summary>
    /// The sender (bot, app, phone number) that reaches <paramref name="to"/>: each sender has its own limits.
    /// Empty for a channel with one sender.
    /// </summary>
    string SenderOf(ConversationAddress to) => "";

    /// <summary>The tenant whose shared limit (<see cref="ChannelRateLimits.PerTenant"/>) a call to <paramref name="to"/> counts against, if any.</summary>
    string? TenantOf(ConversationAddress to) => null;

    /// <summary>
    /// Whether an acknowledgement of a press (<see cref="AnswerAsync"/>) counts against the platform's
    /// message limits. Telegram's answerCallbackQuery does not.
    /// </summary>
    bool AnswersAreLimited => false;

    Task<SentMessage> SendAsync(ConversationAddress to, OutboundMessage message, CancellationToken ct);

    /// <summary>Replaces a sent message's content. "Not modified" answers must be treated as success.</summary>
    Task EditAsync(ConversationAddress to, string messageId, OutboundMessage message, CancellationToken ct);

    Task DeleteAsync(ConversationAddress to, string messageId, CancellationToken ct);

    /// <summary>
    /// Acknowledges a button press (<paramref name="answerId"/> from <c>ButtonPressed</c>), with a short toast
    /// when <paramref name="text"/> is set. Channels that answer on the inbound request itself do nothing.
    /// </summary>
    Task AnswerAsync(ConversationAddress at, string answerId, string? text, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// May <paramref name="userId"/> change what the group or channel <paramref name="at"/> receives (an
    /// administrator)? A platform lookup, so it goes through the gateway like a send.
    /// </summary>
    Task<bool> MayManageAsync(ConversationAddress at, string userId, CancellationToken ct) => Task.FromResult(false);

    /// <summary>Explains an exception thrown by any call above so the gateway can retry, wait or give up.</summary>
    DeliveryFailure Classify(Exception error);
}
