using System.Text.Json;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Channels.Telegram;

/// <summary>
/// What a failed Bot API call means for the delivery engine. Telegram's 429 does not say which limit was
/// hit, so the scope is inferred from the chat: groups and channels have their own 20/min limit, the usual
/// cause there (PROTOCOLS C.10); a private chat's 1/s is already kept by the engine's buckets, so a 429
/// there points at the bot-wide limit.
/// </summary>
public static class TelegramFailureClassifier
{
    /// <summary>Key under which the channel notes the target chat's kind on an exception for <see cref="Classify"/>.</summary>
    public const string ConversationKindKey = "Humas.Telegram.ConversationKind";

    private static readonly TimeSpan MinimumFloodWait = TimeSpan.FromSeconds(1);

    public static DeliveryFailure Classify(Exception error) => error switch
    {
        TelegramApiException { MigrateToChatId: { } movedTo } e =>
            new DeliveryFailure.RecipientGone(Reason(e), movedTo.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        TelegramApiException { IsFloodWait: true } e =>
            new DeliveryFailure.RetryAfter(ScopeOf(e), e.RetryAfter is { } wait && wait > MinimumFloodWait ? wait : MinimumFloodWait, Reason(e)),
        TelegramApiException { IsBlockedOrGone: true } e => new DeliveryFailure.RecipientGone(Reason(e)),
        TelegramApiException { ErrorCode: 400 or 403 or 413 } e => new DeliveryFailure.MessageInvalid(Reason(e)),
        // 5xx, and also 401/404/409: a revoked token or a wrong base URL is an operator's fix, after which
        // the same message should still go out, so it is not the message's fault.
        TelegramApiException e => new DeliveryFailure.Transient(Reason(e)),
        TaskCanceledException or TimeoutException => new DeliveryFailure.Transient("telegram: timed out"),
        HttpRequestException e => new DeliveryFailure.Transient($"telegram: network error: {e.HttpRequestError}"),
        JsonException => new DeliveryFailure.Transient("telegram: unreadable reply"),
        FormatException => new DeliveryFailure.RecipientGone("telegram: the conversation's id is not a Telegram chat id"),
        _ => new DeliveryFailure.Transient($"telegram: {error.GetType().Name}"),
    };

    private static RateLimitScope ScopeOf(Exception error) =>
        error.Data[ConversationKindKey] is ConversationKind.Group or ConversationKind.Channel
            ? RateLimitScope.Conversation
            : RateLimitScope.Bot;

    private static string Reason(TelegramApiException e) => $"telegram {e.ErrorCode}: {e.Description}";
}
