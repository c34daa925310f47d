using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Tips;

namespace Humas.Bot.Channels.Teams.Tips;

/// <summary>
/// What a personal-chat message contributes to a tip in progress: its text, and each file. Files sent in
/// chat arrive as file.download.info (a pre-authorised download URL); pasted images as image/* with a
/// contentUrl that needs the bot's token (marked with <see cref="TeamsTipAttachmentFetcher.AuthPrefix"/>).
/// Teams' own text/html copy of the message is not a file.
/// </summary>
public static class TeamsTipInputs
{
    /// <summary>The column that keeps a file's handle is this wide; longer download links cannot be kept.</summary>
    public const int MaxHandleLength = Humas.Bot.Tips.Model.TipAttachmentRecord.MaxChannelFileIdLength;

    public static IReadOnlyList<TipInput> From(Activity activity, string text, TipAuthor author)
    {
        var inputs = new List<TipInput>();
        foreach (var attachment in activity.Attachments ?? [])
        {
            if (attachment.ContentType == Attachment.FileDownloadInfo
                && attachment.Content?["downloadUrl"]?.GetValue<string>() is { Length: > 0 and <= MaxHandleLength } download)
            {
                var fileType = attachment.Content?["fileType"]?.GetValue<string>();
                inputs.Add(new TipAttachment(author, IsImage(fileType) ? "photo" : "document", download, attachment.Name, null, null));
            }
            else if (attachment.ContentType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true
                     && attachment.ContentUrl is { Length: > 0 } url
                     && url.Length + TeamsTipAttachmentFetcher.AuthPrefix.Length <= MaxHandleLength)
            {
                inputs.Add(new TipAttachment(author, "photo", TeamsTipAttachmentFetcher.AuthPrefix + url, attachment.Name, attachment.ContentType, null));
            }
        }

        if (text.Length > 0)
        {
            inputs.Insert(0, new TipText(author, text));
        }

        return inputs;
    }

    private static bool IsImage(string? fileType) => fileType?.ToLowerInvariant() is "png" or "jpg" or "jpeg" or "gif" or "webp";
}
