namespace Humas.Bot.Channels.Telegram.Api;

/// <summary>
/// Telegram answered <c>{"ok":false,...}</c>, or an HTTP error without a readable envelope (then
/// <see cref="ErrorCode"/> is the HTTP status). Telegram warns error codes may change, so the helpers
/// look at the description too.
/// </summary>
public sealed class TelegramApiException : Exception
{
    public TelegramApiException(string method, int errorCode, string description, TimeSpan? retryAfter = null, long? migrateToChatId = null)
        : base($"Telegram {method} failed: {errorCode} {description}")
    {
        Method = method;
        ErrorCode = errorCode;
        Description = description;
        RetryAfter = retryAfter;
        MigrateToChatId = migrateToChatId;
    }

    public string Method { get; }
    public int ErrorCode { get; }
    public string Description { get; }
    public TimeSpan? RetryAfter { get; }
    public long? MigrateToChatId { get; }

    /// <summary>An edit that changed nothing; callers treat it as success.</summary>
    public bool IsMessageNotModified =>
        ErrorCode == 400 && Contains("message is not modified");

    /// <summary>The chat can no longer be reached: blocked, kicked, deactivated, never started, or unknown.</summary>
    public bool IsBlockedOrGone => ErrorCode switch
    {
        403 => Contains("blocked") || Contains("kicked") || Contains("deactivated")
            || Contains("can't initiate") || Contains("not a member") || Contains("chat not found"),
        400 => Contains("chat not found") || Contains("user not found"),
        _ => false,
    };

    public bool IsFloodWait => ErrorCode == 429 || RetryAfter is not null;

    /// <summary>The group became a supergroup; resend to <see cref="MigrateToChatId"/>.</summary>
    public bool IsMigrated => MigrateToChatId is not null;

    /// <summary>Server-side trouble worth retrying (5xx, or a non-JSON gateway error).</summary>
    public bool IsServerError => ErrorCode >= 500;

    private bool Contains(string fragment) => Description.Contains(fragment, StringComparison.OrdinalIgnoreCase);
}
