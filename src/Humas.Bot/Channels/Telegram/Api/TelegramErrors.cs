using Telegram.Bot.Exceptions;

namespace Humas.Bot.Channels.Telegram.Api;

/// <summary>
/// What a Bot API error reply means. Telegram warns that error codes may change, so these read the
/// description (the exception's message) as well as <see cref="ApiRequestException.ErrorCode"/>.
/// </summary>
public static class TelegramErrors
{
    /// <summary>An edit that changed nothing; callers treat it as success.</summary>
    public static bool IsMessageNotModified(this ApiRequestException e) =>
        e.ErrorCode == 400 && e.Has("message is not modified");

    /// <summary>The chat can no longer be reached: blocked, kicked, deactivated, never started, or unknown.</summary>
    public static bool IsBlockedOrGone(this ApiRequestException e) => e.ErrorCode switch
    {
        403 => e.Has("blocked") || e.Has("kicked") || e.Has("deactivated")
            || e.Has("can't initiate") || e.Has("not a member") || e.Has("chat not found"),
        // A forum topic that was deleted or closed: its conversation is gone, the rest of the chat is not.
        400 => e.Has("chat not found") || e.Has("user not found") || e.Has("message thread not found")
            || e.Has("TOPIC_DELETED") || e.Has("TOPIC_CLOSED"),
        _ => false,
    };

    public static bool IsFloodWait(this ApiRequestException e) => e.ErrorCode == 429 || e.Parameters?.RetryAfter is not null;

    /// <summary>The group became a supergroup; resend to this id.</summary>
    public static long? MigratedTo(this ApiRequestException e) => e.Parameters?.MigrateToChatId;

    /// <summary>Flood wait from <c>parameters.retry_after</c>, when Telegram gave one.</summary>
    public static TimeSpan? RetryAfter(this ApiRequestException e) =>
        e.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>Server-side trouble worth retrying.</summary>
    public static bool IsServerError(this ApiRequestException e) => e.ErrorCode >= 500;

    /// <summary>Telegram's description (e.g. "Forbidden: bot was blocked by the user"), with the token removed.</summary>
    public static string Description(this RequestException e) => TelegramUrlRedactor.Redact(e.Message);

    private static bool Has(this ApiRequestException e, string fragment) => e.Message.Contains(fragment, StringComparison.OrdinalIgnoreCase);
}
