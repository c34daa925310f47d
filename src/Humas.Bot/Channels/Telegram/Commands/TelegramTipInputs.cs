using Humas.Bot.Tips;
using Telegram.Bot.Types;

namespace Humas.Bot.Channels.Telegram.Commands;

/// <summary>What a message contributes to a tip in progress; null for kinds the flow does not take (stickers, polls…).</summary>
public static class TelegramTipInputs
{
    public static TipInput? From(Message message, TipAuthor author)
    {
        if (message.Photo is { Length: > 0 } sizes)
        {
            // Telegram sends several sizes of one photo; the largest is the original.
            var largest = sizes.MaxBy(p => (long)p.Width * p.Height)!;
            return new TipAttachment(author, "photo", largest.FileId, null, "image/jpeg", largest.FileSize);
        }

        if (message.Document is { } document)
        {
            return new TipAttachment(author, "document", document.FileId, document.FileName, document.MimeType, document.FileSize);
        }

        if (message.Voice is { } voice)
        {
            return new TipAttachment(author, "voice", voice.FileId, null, voice.MimeType, voice.FileSize);
        }

        if (message.Video is { } video)
        {
            return new TipAttachment(author, "video", video.FileId, video.FileName, video.MimeType, video.FileSize);
        }

        if (message.Location is { } location)
        {
            return new TipLocation(author, location.Latitude, location.Longitude);
        }

        if (message.Contact is { } contact)
        {
            var name = string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
            return new TipContact(author, contact.PhoneNumber, name.Length > 0 ? name : null);
        }

        return message.Text is { Length: > 0 } text ? new TipText(author, text) : null;
    }
}
