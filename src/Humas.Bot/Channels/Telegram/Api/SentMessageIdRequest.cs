using Telegram.Bot.Requests;
using Telegram.Bot.Types;

namespace Humas.Bot.Channels.Telegram.Api;

/// <summary>
/// One of the library's own requests that answer with a message (sendMessage, sendPhoto, the edits), sent as the library
/// sends it, whose answer is read for the message id alone. Telegram answers with the whole message, the keyboard and
/// entities echoed back, and parsing that into a <see cref="Message"/> at every send of a broadcast (and every counter
/// edit) was about a fifth of the bytes the send path allocated (docs/PERFORMANCE.md), for the one number kept.
/// </summary>
internal sealed class SentMessageIdRequest(RequestBase<Message> send) : RequestBase<MessageId>(send.MethodName)
{
    public override HttpContent? ToHttpContent() => send.ToHttpContent();
}
