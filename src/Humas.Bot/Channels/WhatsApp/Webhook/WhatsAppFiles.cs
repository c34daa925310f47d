namespace Humas.Bot.Channels.WhatsApp.Webhook;

/// <summary>
/// A received file's stored reference: a media id is fetched with the token of the number that received it (an
/// institution's number may be in another business), so an institution's number's is stored "{institution}|{media id}".
/// </summary>
public static class WhatsAppFiles
{
    public static string Reference(string account, string mediaId) => account.Length == 0 ? mediaId : account + "|" + mediaId;

    /// <summary>The number and the media id of a stored reference (media ids are letters and digits only).</summary>
    public static (string Account, string MediaId) Read(string reference) =>
        reference.IndexOf('|', StringComparison.Ordinal) is var bar and > 0 ? (reference[..bar], reference[(bar + 1)..]) : ("", reference);
}
