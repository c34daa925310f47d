using Humas.Bot.Storage;
using Humas.Bot.Tips.Attachments;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tips.Flow;

/// <summary>Kirim: turns a draft into a tip with its ticket, attachment references and first audit row in one transaction.</summary>
public sealed class TipSubmitter(
    TimeProvider time, ITipNotices notifications, TipNoticeComposer composer, TipWorkSignal signal, ILogger<TipSubmitter> log)
{
    /// <param name="tellAuthor">
    /// Send the author the ticket as a notice (a bundle sent after the quiet period: nobody is waiting for an answer);
    /// otherwise the caller answers with it.
    /// </param>
    /// <param name="sentByPress">The key of the press that sent it (<see cref="Tip.SentByPress"/>); null when none did.</param>
    /// <exception cref="DbUpdateConcurrencyException">The draft changed meanwhile; the caller retries.</exception>
    public async Task<Tip> SubmitAsync(HumasDbContext db, TipDraft draft, CancellationToken ct, bool tellAuthor = false, string? sentByPress = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var attachments = DraftAttachment.Read(draft);
        var tip = await db.InTransactionAsync(async () =>
        {
            // The counter upsert goes first so the transaction holds the write lock before it reads anything.
            var ticket = await TicketNumbers.NextAsync(db, now, ct);
            var contributor = await db.Set<TipContributor>().AsNoTracking()
                .FirstOrDefaultAsync(c => c.Channel == draft.Channel && c.UserExternalId == draft.UserExternalId, ct);
            var tip = new Tip
            {
                Ticket = ticket,
                Channel = draft.Channel,
                ConversationExternalId = draft.ConversationExternalId,
                UserExternalId = draft.UserExternalId,
                AuthorName = contributor?.DisplayName ?? draft.DisplayName,
                Language = draft.Language,
                Text = draft.Text ?? "",
                Latitude = draft.Latitude,
                Longitude = draft.Longitude,
                ContactPhone = draft.ContactPhone,
                ContactName = draft.ContactName,
                ContributorId = contributor?.Id,
                // A contributor's tip is their unit's institution's; a citizen's the one they chose (or none: national).
                InstitutionId = contributor?.InstitutionId ?? draft.InstitutionId,
                Unit = contributor?.Unit,
                State = TipState.New,
                DraftId = draft.Id,
                SentByPress = sentByPress,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Add(tip);
            await db.SaveChangesAsync(ct);
            foreach (var a in attachments)
            {
                db.Add(new TipAttachmentRecord
                {
                    TipId = tip.Id, Kind = a.Kind, ChannelFileId = a.ChannelFileId, OriginalName = a.FileName, MediaType = a.MediaType,
                    Size = a.Size, State = TipAttachmentState.Pending, NextAttemptAt = now, CreatedAt = now, Caption = a.Caption,
                });
            }

            db.Add(new TipEvent { TipId = tip.Id, Kind = TipEventKind.Submitted, Actor = $"{draft.Channel}:{draft.UserExternalId}", CreatedAt = now });
            await db.SaveChangesAsync(ct);
            var deleted = await db.Set<TipDraft>().Where(d => d.Id == draft.Id && d.Version == draft.Version).ExecuteDeleteAsync(ct);
            if (deleted == 0)
            {
                throw new DbUpdateConcurrencyException("The draft changed while it was being sent");
            }

            await notifications.ToEditorsAsync(db, composer.NewTip(tip, attachments.Count), ct);
            if (tellAuthor)
            {
                await notifications.ToContributorAsync(db, composer.Submitted(tip), ct);
            }

            return tip;
        }, ct);

        log.LogInformation("Tip {TipId} submitted as {Ticket} with {AttachmentCount} attachment(s)", tip.Id, tip.Ticket, attachments.Count);
        if (attachments.Count > 0)
        {
            signal.Wake();
        }

        return tip;
    }
}
