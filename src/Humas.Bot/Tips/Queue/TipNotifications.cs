using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Notices;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tips.Queue;

/// <summary>
/// Tips' notices as durable outbox rows (<see cref="NoticeOutbox"/>), added in the transaction that makes the
/// change: a new tip or a contributor's answer to the editors' chats of the tip's institution on every channel, a decision or an editor's
/// message to the chat the tip came from. The dispatcher sends them; nothing here calls a platform.
/// </summary>
public sealed class TipNotifications(IEnumerable<IInstitutionEditorsChats> editorsChats, NoticeOutbox outbox, ILogger<TipNotifications> log) : ITipNotices
{
    /// <summary>Editors read Indonesian, like the notices' texts.</summary>
    private const string EditorsLanguage = Localization.Languages.Indonesian;

    public async Task ToEditorsAsync(HumasDbContext db, TipEditorNotice notice, CancellationToken ct)
    {
        var buttons = notice.Actions
            .Select(a => TipActionData.Encode(a.Action, notice.TipId) is { } data ? new MessageButton(a.Label, data) : null)
            .OfType<MessageButton>()
            .ToList();
        var message = new ReplyMessage(notice.Text, buttons.Count == 0 ? [] : [buttons], EditorsLanguage);
        var any = false;
        foreach (var address in editorsChats.SelectMany(chats => chats.Of(notice.InstitutionId)))
        {
            await outbox.AddAsync(db, address, message, ct);
            any = true;
        }

        if (!any)
        {
            log.LogInformation("Tip {Ticket} ({TipId}) of {InstitutionId}: {NoticeKind} stays on the dashboard, no editors' chat is configured", notice.Ticket, notice.TipId, notice.InstitutionId ?? "national", notice.Kind);
        }
    }

    public async Task<bool> ToContributorAsync(HumasDbContext db, TipContributorNotice notice, CancellationToken ct)
    {
        var address = await db.Set<Conversation>().AsNoTracking()
            .Where(c => c.Channel == notice.Channel && c.ExternalId == notice.ConversationExternalId)
            // The person may have a conversation with several of the channel's bots: the shared one first.
            .OrderBy(c => c.Account)
            .Select(c => new { c.Channel, c.ExternalId, c.Kind, c.ChannelData, c.Account })
            .FirstOrDefaultAsync(ct);
        if (address is null)
        {
            log.LogWarning("Tip {Ticket} ({TipId}): {NoticeKind} for {Channel} user {UserExternalId} not sent, their conversation is unknown",
                notice.Ticket, notice.TipId, notice.Kind, notice.Channel, notice.UserExternalId);
            return false;
        }

        await outbox.AddAsync(db, new ConversationAddress(address.Channel, address.ExternalId, address.Kind, address.ChannelData) { Account = address.Account },
            ReplyMessage.Plain(notice.Text, notice.Language), ct);
        return true;
    }
}
