using System.Text.Json;
using Humas.Bot.Tips.Model;

namespace Humas.Bot.Tips.Flow;

/// <summary>An attachment collected in a draft: only the channel's reference (and its caption); the file is fetched on Kirim.</summary>
public sealed record DraftAttachment(string Kind, string ChannelFileId, string? FileName, string? MediaType, long? Size, string? Caption = null, string? GroupId = null)
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { "photo", "document", "voice", "video" };

    public static List<DraftAttachment> Read(TipDraft draft) =>
        JsonSerializer.Deserialize<List<DraftAttachment>>(draft.AttachmentsJson) ?? [];

    public static void Write(TipDraft draft, List<DraftAttachment> attachments) =>
        draft.AttachmentsJson = JsonSerializer.Serialize(attachments);
}
