using System.Collections.Concurrent;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// A reaction press answered in the webhook's own response: Telegram runs one Bot API method given in the body of a
/// webhook's answer (its result is never reported), so the reader's toast costs no request of its own. The webhook
/// opens a reply for its update's callback query before storing the update; the press's answer on arrival reaches it
/// through the gateway (<see cref="TelegramDeliveryChannel.AnswerAsync"/> offers it here first); once the update is
/// stored the webhook waits at most <see cref="Wait"/> for that answer and writes it into its response. An answer that
/// comes after the webhook has answered, or while storing failed, is refused and goes out as answerCallbackQuery, so
/// no answer is lost to a reply that was never sent.
/// Hand-made: the hand-over between a send on one request and another request's open response has no framework part.
/// </summary>
public sealed class TelegramWebhookReplies
{
    /// <summary>
    /// How long a stored press's webhook waits for its answer. The answer on arrival is a read of the reader's vote,
    /// a few milliseconds; a webhook held longer would hold one of Telegram's connections to the service (40 by default).
    /// </summary>
    public static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(100);

    /// <summary><see cref="Wait"/>; tests that must see the answer in the response on a busy machine wait longer.</summary>
    internal TimeSpan Patience { get; set; } = Wait;

    private readonly ConcurrentDictionary<(string Account, string QueryId), TelegramWebhookReply> _open = new();

    /// <summary>
    /// A reply for the callback query <paramref name="queryId"/> of <paramref name="account"/>'s bot; null when one is
    /// open for it already (Telegram delivering the update again while the first delivery is still being answered).
    /// Dispose it once the response is decided.
    /// </summary>
    public TelegramWebhookReply? Open(string account, string queryId)
    {
        var key = (account, queryId);
        var reply = new TelegramWebhookReply(queryId, r => _open.TryRemove(KeyValuePair.Create(key, r)));
        return _open.TryAdd(key, reply) ? reply : null;
    }

    /// <summary>
    /// Offers the answer to the open reply of the press: true once the webhook has taken it into its response, false
    /// when none is open or the webhook answered without it (the caller then sends it itself).
    /// </summary>
    public Task<bool> OfferAsync(string account, string queryId, string? text) =>
        _open.TryGetValue((account, queryId), out var reply) ? reply.Offer(text) : Task.FromResult(false);

    /// <summary>Replies open now (for tests).</summary>
    internal int OpenCount => _open.Count;
}
