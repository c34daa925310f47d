using System.Globalization;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Subscriptions;
using Telegram.Bot.Types;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>A Telegram message that is not a command, as the core's event: a file, a location, a contact, text, or something else.</summary>
internal static class TelegramMessages
{
    public static InboundEvent Event(Message message, ConversationAddress at, Sender from)
    {
        var id = Id(message);
        var replyTo = message.ReplyToMessage is { } quoted ? Id(quoted) : null;
        if (message.Photo is { Length: > 0 } sizes)
        {
            // Telegram sends several sizes of one photo; the largest is the original.
            var largest = sizes.MaxBy(p => (long)p.Width * p.Height)!;
            return File(AttachmentKind.Photo, largest.FileId, null, "image/jpeg", largest.FileSize);
        }

        if (message.Document is { } document)
        {
            return File(AttachmentKind.Document, document.FileId, document.FileName, document.MimeType, document.FileSize);
        }

        if (message.Voice is { } voice)
        {
            return File(AttachmentKind.Voice, voice.FileId, null, voice.MimeType, voice.FileSize);
        }

        if (message.Video is { } video)
        {
            return File(AttachmentKind.Video, video.FileId, video.FileName, video.MimeType, video.FileSize);
        }

        if (message.Location is { } location)
        {
            return new LocationReceived(at, from, id, location.Latitude, location.Longitude);
        }

        if (message.Contact is { } contact)
        {
            var name = string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
            return new ContactReceived(at, from, id, contact.PhoneNumber, name.Length > 0 ? name : null);
        }

        if (message.Text is { Length: > 0 } text)
        {
            return new TextReceived(at, from, id, text)
            {
                Quoting = message.ReplyToMessage is { } q ? new QuotedMessage(Id(q), q.Text, q.From?.IsBot == true) : null,
            };
        }

        return new OtherReceived(at, from, id);

        AttachmentReceived File(AttachmentKind kind, string fileId, string? fileName, string? mediaType, long? size) =>
            new(at, from, id, kind, FileReference(at.Account, fileId), fileName, mediaType, size)
            {
                Caption = string.IsNullOrWhiteSpace(message.Caption) ? null : message.Caption,
                GroupId = message.MediaGroupId,
                ReplyToMessageId = replyTo,
            };
    }

    /// <summary>A file_id is valid only with the bot that received it: an institution's bot's is stored "{institution}|{file_id}".</summary>
    public static string FileReference(string account, string fileId) => account.Length == 0 ? fileId : account + "|" + fileId;

    /// <summary>The bot and the file_id of a stored reference (file ids have no "|").</summary>
    public static (string Account, string FileId) ReadFileReference(string reference) =>
        reference.IndexOf('|', StringComparison.Ordinal) is var bar and > 0 ? (reference[..bar], reference[(bar + 1)..]) : ("", reference);

    public static string Id(Message message) => message.MessageId.ToString(CultureInfo.InvariantCulture);
}
