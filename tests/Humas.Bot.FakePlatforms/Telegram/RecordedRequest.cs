namespace Humas.Bot.FakePlatforms.Telegram;

/// <summary>
/// One request as the fake saw it. <see cref="StatusCode"/> is what it answered; 0 means no answer at all
/// (injected timeout or reset). <see cref="MessageId"/> is the id assigned (sends) or targeted (edits, deletes).
/// A request is recorded once its answer is written (after any played round trip), so one still waiting for its
/// answer is not in the log yet: <see cref="FakeCounters.InFlight"/> says when every request has its record.
/// </summary>
public sealed record RecordedRequest(
    string Method,
    long? ChatId,
    string? Text,
    string? ReplyMarkupJson,
    DateTimeOffset ReceivedAt,
    int StatusCode,
    int? MessageId)
{
    public bool Succeeded => StatusCode == 200;

    /// <summary>setMyCommands' language_code, when given.</summary>
    public string? LanguageCode { get; init; }

    /// <summary>answerCallbackQuery's callback_query_id.</summary>
    public string? CallbackQueryId { get; init; }

    /// <summary>getUpdates' and setWebhook's allowed_updates, when given.</summary>
    public IReadOnlyList<string>? AllowedUpdates { get; init; }

    /// <summary>The forum topic a send went to (message_thread_id), when given.</summary>
    public int? MessageThreadId { get; init; }

    /// <summary>The W3C traceparent header the call came with (the caller's trace), when it had one.</summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// When a method's answer had been written (after the played round trip); null when no answer reached the caller
    /// (the caller gone before it, killed while it waited out the round trip; an injected timeout or reset), and for
    /// the answers recorded before they are written (overrides, injected 502s, unreadable bodies).
    /// </summary>
    public DateTimeOffset? AnsweredAt { get; init; }
}
