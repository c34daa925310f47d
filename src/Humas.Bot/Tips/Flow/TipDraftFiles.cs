using Humas.Bot.Tips.Attachments;
using Humas.Bot.Tips.Model;

namespace Humas.Bot.Tips.Flow;

/// <summary>Frees what the channels keep for a draft's files (the web chat's uploads) when the draft goes without being sent.</summary>
public sealed class TipDraftFiles(IEnumerable<ITipAttachmentFetcher> fetchers, ILogger<TipDraftFiles> log)
{
    public async Task DiscardAsync(TipDraft draft, CancellationToken ct)
    {
        var fetcher = fetchers.FirstOrDefault(f => string.Equals(f.Channel, draft.Channel, StringComparison.OrdinalIgnoreCase));
        if (fetcher is null)
        {
            return;
        }

        foreach (var attachment in DraftAttachment.Read(draft))
        {
            try
            {
                await fetcher.DiscardAsync(attachment.ChannelFileId, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The channel's own clean-up takes what is left.
                log.LogWarning(e, "Tip draft of {Channel}:{User}: a file could not be discarded", draft.Channel, draft.UserExternalId);
            }
        }
    }
}
