using System.Globalization;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Delivery.Channels;
using Telegram.Bot.Exceptions;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Telegram;

/// <summary>
/// What a failed Bot API call means for the delivery engine, from Telegram.Bot's exceptions: an error reply is
/// an <see cref="ApiRequestException"/> (ErrorCode, Parameters.RetryAfter / MigrateToChatId); a timeout, a
/// network failure or a reply that is not the Bot API's envelope (a proxy's HTML 502) is a
/// <see cref="RequestException"/>. Telegram's 429 does not say which limit was hit, so the scope is inferred
/// from the chat: groups and channels have their own 20/min limit, the usual cause there; a
/// private chat's 1/s is already kept by the engine's buckets, so a 429 there points at the bot-wide limit.
/// </summary>
public static class TelegramFailureClassifier
{
    /// <summary>Key under which the channel notes the target chat's kind on an exception for <see cref="Classify"/>.</summary>
    public const string ConversationKindKey = "Humas.Telegram.ConversationKind";

    private static readonly TimeSpan MinimumFloodWait = TimeSpan.FromSeconds(1);

    public static DeliveryFailure Classify(Exception error) => error switch
    {
        ApiRequestException e when e.MigratedTo() is { } movedTo =>
            new DeliveryFailure.RecipientGone(Reason(e), movedTo.ToString(CultureInfo.InvariantCulture)),
        ApiRequestException e when e.IsFloodWait() =>
            new DeliveryFailure.RetryAfter(ScopeOf(e), e.RetryAfter() is { } wait && wait > MinimumFloodWait ? wait : MinimumFloodWait, Reason(e)),
        ApiRequestException e when e.IsBlockedOrGone() => new DeliveryFailure.RecipientGone(Reason(e)),
        ApiRequestException { ErrorCode: 400 or 403 or 413 } e => new DeliveryFailure.MessageInvalid(Reason(e)),
        // 5xx, and also 401/404/409: a revoked token or a wrong base URL is an operator's fix, after which
        // the same message should still go out, so it is not the message's fault.
        ApiRequestException e => new DeliveryFailure.Transient(Reason(e)),
        RequestException e => new DeliveryFailure.Transient(Explain(e)),
        TaskCanceledException or TimeoutException => new DeliveryFailure.Transient("telegram: timed out"),
        HttpRequestException e => new DeliveryFailure.Transient($"telegram: network error: {e.HttpRequestError}"),
        // The institution's token was taken out of the configuration: its readers wait (and give up in time) rather than being marked gone.
        TelegramBotUnknownException e => new DeliveryFailure.Transient("telegram: " + e.Message),
        FormatException => new DeliveryFailure.RecipientGone("telegram: the conversation's id is not a Telegram chat id"),
        NotSupportedException e => new DeliveryFailure.MessageInvalid("telegram: " + e.Message),
        _ => new DeliveryFailure.Transient($"telegram: {error.GetType().Name}"),
    };

    /// <summary>A failure without an error reply: timed out, unreachable, or an answer that is not the Bot API's.</summary>
    private static string Explain(RequestException e) => e.InnerException switch
    {
        TaskCanceledException or TimeoutException => "telegram: timed out",
        HttpRequestException inner => $"telegram: network error: {inner.HttpRequestError}",
        _ when e.HttpStatusCode is { } status && (int)status >= 400 => $"telegram: HTTP {(int)status} without a Bot API reply",
        _ => "telegram: unreadable reply",
    };

    private static RateLimitScope ScopeOf(Exception error) =>
        error.Data[ConversationKindKey] is ConversationKind.Group or ConversationKind.Channel
            ? RateLimitScope.Conversation
            : RateLimitScope.Bot;

    private static string Reason(ApiRequestException e) => $"telegram {e.ErrorCode}: {e.Description()}";
}
