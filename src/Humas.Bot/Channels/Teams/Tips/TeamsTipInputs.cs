using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Teams.Tips;

/// <summary>
/// The files of a personal-chat message, as the core's events. Files sent in chat arrive as
/// file.download.info (a pre-authorised download URL); pasted images as image/* with a contentUrl that needs
/// the token of the app that received it (marked with <see cref="TeamsTipAttachmentFetcher.AuthPrefix"/> and that app's account). Teams' own text/html copy
/// of the message is not a file. A link too long for the tip's file column is passed on all the same: the core
/// refuses it with the hint of what the step takes, as it does on every channel, instead of dropping it unsaid.
/// </summary>
public static class TeamsTipInputs
{
    public static IReadOnlyList<AttachmentReceived> Files(Activity activity, ConversationAddress at, Sender from)
    {
        var files = new List<AttachmentReceived>();
        foreach (var attachment in activity.Attachments ?? [])
        {
            if (attachment.ContentType == Attachment.FileDownloadInfo
                && attachment.Content?["downloadUrl"]?.GetValue<string>() is { Length: > 0 } download)
            {
                var fileType = attachment.Content?["fileType"]?.GetValue<string>();
                files.Add(new AttachmentReceived(at, from, activity.Id, IsImage(fileType) ? AttachmentKind.Photo : AttachmentKind.Document, download, attachment.Name, null, null));
            }
            else if (attachment.ContentType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true
                     && attachment.ContentUrl is { Length: > 0 } url)
            {
                files.Add(new AttachmentReceived(at, from, activity.Id, AttachmentKind.Photo, TeamsTipAttachmentFetcher.Authorised(at.Account, url), attachment.Name, attachment.ContentType, null));
            }
        }

        return files;
    }

    private static bool IsImage(string? fileType) => fileType?.ToLowerInvariant() is "png" or "jpg" or "jpeg" or "gif" or "webp";
}
