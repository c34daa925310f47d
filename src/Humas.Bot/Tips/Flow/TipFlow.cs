using System.Text.RegularExpressions;
using Humas.Bot.Host;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tips.Flow;

/// <summary>
/// The guided tip conversation behind <see cref="ITipConversation"/>, the same for every channel. Each input
/// loads the author's draft, moves it one step and saves it, so a restart anywhere resumes the flow.
/// </summary>
public sealed partial class TipFlow(
    IDbContextFactory<HumasDbContext> factory,
    ITexts texts,
    IOptions<TipsOptions> options,
    TimeProvider time,
    TipBlockList blocks,
    TipSubmitter submitter,
    TipQueue queue,
    TipDraftFiles files,
    TipInstitutionQuestion institutions,
    ILogger<TipFlow> log) : ITipConversation
{
    private const int Attempts = 3;
    private readonly TipsOptions _options = options.Value;
    private readonly KeyedLocks _authors = new();

    public async Task<bool> IsInFlowAsync(TipAuthor author, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var draft = await FindDraftAsync(db, author, cancellationToken);
        return draft is not null && !IsExpired(draft) || await queue.AwaitsAnswerAsync(author, cancellationToken);
    }

    public async Task<bool> TakesAsync(TipInput input, CancellationToken cancellationToken) =>
        input is TipAttachment
        || await IsInFlowAsync(input.Author, cancellationToken)
        || input is TipText { Quoting: { } quote } && await queue.QuotedTicketAsync(input.Author, quote, cancellationToken) is not null;

    /// <summary>
    /// What the flow would answer to a file arriving now if it would not take it (blocked, the daily cap reached
    /// when the file would open a bundle, not at a step that takes files, the tip's file count reached, larger
    /// than the cap); null when it would. A channel that stores files itself asks before writing a byte, so a
    /// refused file is never stored.
    /// </summary>
    public async Task<TipReply?> RefuseAttachmentAsync(TipAuthor author, long? size, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await blocks.IsBlockedAsync(db, author, cancellationToken))
        {
            return Say(author, "tips.blocked");
        }

        var draft = await FindDraftAsync(db, author, cancellationToken);
        if (draft is not null && IsExpired(draft))
        {
            draft = null;
        }

        if (size > _options.MaxFileBytes)
        {
            return Ask(author, "tips.file_too_large", MediaButtons(draft, author), Megabytes(_options.MaxFileBytes));
        }

        if (draft is null)
        {
            // The file opens a bundle, unless today's tips are used up.
            return await DailyCapAsync(db, author, cancellationToken);
        }

        if (draft.BundleDueAt is null && draft.Step is not (TipDraftStep.Media or TipDraftStep.Text))
        {
            // A photo before the story is taken (people send the picture first); after "Selesai" it is not.
            return await PromptAsync(draft, author.Language, cancellationToken);
        }

        return DraftAttachment.Read(draft).Count >= _options.MaxFilesPerTip
            ? Ask(author, "tips.too_many_files", MediaButtons(draft, author), _options.MaxFilesPerTip)
            : null;
    }

    public async Task<IReadOnlyList<TipReply>> HandleAsync(TipInput input, CancellationToken cancellationToken)
    {
        // One author's inputs one at a time in this process; the retry below covers another instance.
        using var _ = await _authors.AcquireAsync($"{input.Author.Channel}:{input.Author.UserExternalId}", cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await HandleOnceAsync(input, cancellationToken);
            }
            catch (DbUpdateException e) when (attempt < Attempts)
            {
                // Two inputs of one author at once (an album of photos): the loser re-reads the draft and applies its input again.
                log.LogDebug(e, "Tip draft of {Channel}:{UserExternalId} changed concurrently; retrying", input.Author.Channel, input.Author.UserExternalId);
            }
        }
    }

    private async Task<IReadOnlyList<TipReply>> HandleOnceAsync(TipInput input, CancellationToken ct)
    {
        var author = input.Author;
        await using var db = await factory.CreateDbContextAsync(ct);
        var draft = await FindDraftAsync(db, author, ct);
        if (await blocks.IsBlockedAsync(db, author, ct))
        {
            if (draft is not null)
            {
                db.Remove(draft);
                await db.SaveChangesAsync(ct);
                await files.DiscardAsync(draft, ct);
            }

            return [Say(author, "tips.blocked")];
        }

        if (draft is not null && IsExpired(draft))
        {
            db.Remove(draft);
            await db.SaveChangesAsync(ct);
            await files.DiscardAsync(draft, ct);
            draft = null;
        }

        // A reply to a message naming a ticket belongs to that ticket, whatever else is open.
        if (input is TipText { Quoting: { } quote } answer && await queue.QuotedTicketAsync(author, quote, ct) is { } quoted)
        {
            return [await queue.AnswerAsync(author, quoted, answer.Text, ct)];
        }

        if (input is TipAction { Action: "cancel" })
        {
            if (draft is null)
            {
                return [Say(author, "tips.nothing_to_cancel")];
            }

            db.Remove(draft);
            await db.SaveChangesAsync(ct);
            // The files the draft held go now, not at some later clean-up.
            await files.DiscardAsync(draft, ct);
            return [Say(author, "tips.cancelled")];
        }

        // The same press handled again after it sent a tip (the inbox handing its update over once more when the process
        // stopped between the commit and the update's mark) is answered with that tip, as the first time, whatever is
        // open by now: a draft begun since is not sent by it. Known by the press's own id, so this holds for a Kirim that
        // names no draft too (a word typed for the button, a button from before drafts were named).
        if (PressKey(input) is { } press && await SentByPressTicketAsync(db, author, press, ct) is { } repeated)
        {
            return [Say(author, "tips.submitted", repeated)];
        }

        // Kirim pressed again after its draft went (a second tap, a tap after the worker sent the bundle) is another press:
        // the draft it names finds the tip it made, the answer as the first time.
        if (SentDraftId(input) is { } sent && draft?.Id != sent && await SubmittedTicketAsync(db, author, sent, ct) is { } ticket)
        {
            return [Say(author, "tips.submitted", ticket)];
        }

        // Kirim or Selesai of another draft (its message still in the chat, the draft cancelled or expired, or for Selesai
        // sent since) changes nothing: it was not this draft the sender meant to send or finish with it. Checked after the
        // two above, so a Kirim that did send its tip still finds it.
        if (draft is not null && DraftPress.Of(input) is { } other && other.NamesOther(draft))
        {
            log.LogInformation("{Button} for another draft ({Press}) from {Channel}:{UserExternalId} while draft {DraftId} is open; nothing done",
                other.Verb, ((TipAction)input).Action, author.Channel, author.UserExternalId, draft.Id);
            return await OtherDraftsPressAsync(other, draft, author, ct);
        }

        if (draft is null)
        {
            return input switch
            {
                TipStart => await StartAsync(db, author, ct),
                TipAttachment file => await OpenBundleAsync(db, file, ct),
                TipText text when await queue.AwaitsAnswerAsync(author, ct) => [await queue.AnswerAsync(author, null, text.Text, ct)],
                TipAction when DraftPress.Of(input) is not null => [await NothingToSendAsync(db, author, ct)],
                _ => [Say(author, "tips.not_in_flow")],
            };
        }

        if (draft.BundleDueAt is not null)
        {
            return await BundleAsync(db, draft, input, ct);
        }

        if (input is TipStart)
        {
            return [Say(author, "tips.resume"), await PromptAsync(draft, author.Language, ct)];
        }

        if (draft.Step == TipDraftStep.Confirm && IsSend(input))
        {
            return await SubmitAsync(db, draft, input, ct);
        }

        var replies = draft.Step == TipDraftStep.Institution ? await ChooseInstitutionAsync(draft, input, ct) : Step(draft, input);
        draft.Language = author.Language;
        draft.UpdatedAt = time.GetUtcNow().UtcDateTime;
        draft.Version++;
        await db.SaveChangesAsync(ct);
        return replies;
    }

    private async Task<IReadOnlyList<TipReply>> StartAsync(HumasDbContext db, TipAuthor author, CancellationToken ct)
    {
        if (await DailyCapAsync(db, author, ct) is { } refusal)
        {
            return [refusal];
        }

        var draft = NewDraft(author);
        var (ask, institutionId) = await institutions.StartAsync(db, author, ct);
        draft.InstitutionId = institutionId;
        if (ask)
        {
            draft.Step = TipDraftStep.Institution;
        }

        db.Add(draft);
        await db.SaveChangesAsync(ct);
        return [await PromptAsync(draft, author.Language, ct)];
    }

    /// <summary>
    /// A file with no tip open opens a bundle: what the sender sends next joins it, and it is sent as one tip once
    /// they have been quiet for <see cref="TipsOptions.BundleQuietSeconds"/> (<see cref="TipBundles"/>), or at once on Kirim.
    /// </summary>
    private async Task<IReadOnlyList<TipReply>> OpenBundleAsync(HumasDbContext db, TipAttachment file, CancellationToken ct)
    {
        var author = file.Author;
        if (await DailyCapAsync(db, author, ct) is { } refusal)
        {
            return [refusal];
        }

        var draft = NewDraft(author);
        draft.Step = TipDraftStep.Media;
        // A bundle is never asked which institution; on an institution's own bot or number it is that institution's.
        draft.InstitutionId = await institutions.OwnAccountAsync(author, ct);
        var (added, reply) = AddAttachment(draft, file);
        if (!added)
        {
            // An unknown kind or too large a file opens nothing.
            return [reply];
        }

        draft.BundleDueAt = QuietUntil();
        db.Add(draft);
        await db.SaveChangesAsync(ct);
        // Saved first: the Kirim button names the draft's id.
        return [BundleReceived(draft, author)];
    }

    private async Task<IReadOnlyList<TipReply>> BundleAsync(HumasDbContext db, TipDraft draft, TipInput input, CancellationToken ct)
    {
        var author = input.Author;
        IReadOnlyList<TipReply> replies;
        switch (input)
        {
            case TipAction when DraftPress.Of(input) is not null:
                // Kirim or Selesai of this bundle (another's was answered before): either sends it.
                return await SubmitAsync(db, draft, input, ct);
            case TipStart:
                // /usulan after a photo: the guided flow takes over the bundle, asking for what is missing.
                draft.BundleDueAt = null;
                draft.Step = string.IsNullOrEmpty(draft.Text) ? TipDraftStep.Text : TipDraftStep.Media;
                replies = [Prompt(draft, author.Language)];
                break;
            case TipText { Text: var text } typed when !string.IsNullOrWhiteSpace(text):
                var joined = string.IsNullOrEmpty(draft.Text) ? text.Trim() : $"{draft.Text}\n\n{text.Trim()}";
                if (joined.Length > TipLimits.MaxTextLength)
                {
                    return [Say(author, "tips.text_too_long", TipLimits.MaxTextLength, joined.Length)];
                }

                draft.Text = joined;
                replies = typed.FromFile ? [] : [BundleReceived(draft, author)];
                break;
            case TipAttachment file:
                var previous = DraftAttachment.Read(draft).LastOrDefault();
                var (added, refusal) = AddAttachment(draft, file);
                if (!added)
                {
                    return [refusal];
                }

                // An album is one answer, to its first photo.
                replies = file.GroupId is not null && previous?.GroupId == file.GroupId ? [] : [BundleReceived(draft, author)];
                break;
            case TipLocation location:
                draft.Latitude = location.Latitude;
                draft.Longitude = location.Longitude;
                replies = [BundleReceived(draft, author)];
                break;
            case TipContact contact:
                draft.ContactPhone = Truncate(contact.PhoneNumber.Trim(), 32);
                draft.ContactName = contact.Name is null ? null : Truncate(contact.Name.Trim(), 200);
                replies = [BundleReceived(draft, author)];
                break;
            default:
                return [BundleReceived(draft, author)];
        }

        draft.BundleDueAt = draft.BundleDueAt is null ? null : QuietUntil();
        // A new quiet period is a fresh start: attempts that failed on what the bundle held before do not count against it.
        draft.BundleAttempts = 0;
        draft.Language = author.Language;
        draft.UpdatedAt = time.GetUtcNow().UtcDateTime;
        draft.Version++;
        await db.SaveChangesAsync(ct);
        return replies;
    }

    /// <summary>
    /// Kirim: the ticket, or why not. The submission is one transaction, so a failure writes nothing of the tip and
    /// leaves the draft as it was. The database being unavailable (down, restarting, its disk full) is thrown on: the
    /// inbox handles the press again until the database is back, and then makes the tip once (the submission deletes
    /// the draft by its version, so a press handled again after the commit finds no draft, makes nothing and is
    /// answered with the tip's ticket: the press is kept on the tip, <see cref="PressKey"/>). Any other
    /// failure is the draft's own (a value or reference the database refuses) and would fail every retry alike while
    /// the sender heard nothing: they are told at once, and the draft is kept for another Kirim or Batal.
    /// </summary>
    private async Task<IReadOnlyList<TipReply>> SubmitAsync(HumasDbContext db, TipDraft draft, TipInput press, CancellationToken ct)
    {
        var author = press.Author;
        Tip tip;
        try
        {
            tip = await submitter.SubmitAsync(db, draft, ct, sentByPress: PressKey(press));
        }
        catch (Exception e) when (e is not DbUpdateConcurrencyException
                                  && !(e is OperationCanceledException && ct.IsCancellationRequested)
                                  && DatabaseUnavailableHandler.Describe(e) is null)
        {
            // A draft changed meanwhile (the concurrency exception) is HandleAsync's to retry.
            log.LogError(e, "Tip draft {DraftId} of {Channel}:{UserExternalId} could not be submitted; it is kept and the sender asked to try again later",
                draft.Id, author.Channel, author.UserExternalId);
            return [Ask(author, "tips.submit_failed", [SendButton(draft, author), Button(author, "cancel")])];
        }

        return [Say(author, "tips.submitted", tip.Ticket)];
    }

    private DateTime QuietUntil() => time.GetUtcNow().UtcDateTime.AddSeconds(_options.BundleQuietSeconds);

    private TipReply BundleReceived(TipDraft draft, TipAuthor author) =>
        Ask(author, "tips.bundle.received", [SendButton(draft, author), Button(author, "cancel")], _options.BundleQuietSeconds);

    /// <summary>
    /// Kirim, naming its draft ("send:{id}", <see cref="DraftPress"/>): draft ids are never reused, so a press handled after
    /// the draft went finds the tip it made (<see cref="Tip.DraftId"/>), and a press of another draft's button sends
    /// nothing. A bare "send" (typed for the button, or a button from before) sends the open draft.
    /// </summary>
    private TipButton SendButton(TipDraft draft, TipAuthor author) =>
        new(DraftPress.Action(DraftPress.Send, draft.Id), texts.Get("tips.button.send", author.Language));

    /// <summary>
    /// Selesai, naming its draft ("done:{id}", <see cref="DraftPress"/>), so a Selesai left under an older message, of a
    /// draft that is gone, does not move the open draft on. With no draft saved (a file refused while no tip was open,
    /// which opens none) it names 0, which no draft has: pressed at a tip begun later, it changes nothing there either.
    /// A bare "done" (typed for the button, or a button from before) is Selesai of the open draft.
    /// </summary>
    private TipButton DoneButton(TipDraft? draft, TipAuthor author) =>
        new(DraftPress.Action(DraftPress.Done, draft?.Id ?? 0), texts.Get("tips.button.done", author.Language));

    /// <summary>
    /// The answer to a Kirim or Selesai naming another draft than the open one (its button under an older message, of a
    /// draft that was cancelled or has expired; a Kirim of one that was sent is answered with its tip before this is
    /// asked): that tip is no longer active and nothing was sent or changed, then what the open draft asks now (its
    /// current prompt, at the summary with its own Kirim; for a bundle, its Kirim and Batal under the sentence). The
    /// draft is not touched.
    /// </summary>
    private async Task<IReadOnlyList<TipReply>> OtherDraftsPressAsync(DraftPress press, TipDraft draft, TipAuthor author, CancellationToken ct)
    {
        var key = press.IsSend ? "tips.send_not_active" : "tips.done_not_active";
        return draft.BundleDueAt is not null
            ? [Ask(author, key, [SendButton(draft, author), Button(author, "cancel")])]
            : [Say(author, key), await PromptAsync(draft, author.Language, ct)];
    }

    private static bool IsSend(TipInput input) => DraftPress.Of(input) is { IsSend: true };

    private static bool IsDone(TipInput input) => DraftPress.Of(input) is { IsDone: true };

    /// <summary>The draft a Kirim press names; null for any other input and for a bare "send".</summary>
    private static long? SentDraftId(TipInput input) => DraftPress.Of(input) is { IsSend: true, DraftId: { } id } ? id : null;

    /// <summary>
    /// What a Selesai or Kirim press is known by on the tip it sends (<see cref="Tip.SentByPress"/>): the channel's id of
    /// it, or its hash where the id is longer than the column (a Teams conversation id alone can be); null for any other
    /// input and for a press the channel gave no id.
    /// </summary>
    private static string? PressKey(TipInput input) =>
        input is TipAction { PressId: { Length: > 0 } id } && DraftPress.Of(input) is not null
            ? id.Length <= Tip.MaxSentByPressLength ? id : "sha256:" + TextDigest.Sha256Hex(id)
            : null;

    /// <summary>The ticket of the author's tip that this press sent, if it sent one.</summary>
    private static Task<string?> SentByPressTicketAsync(HumasDbContext db, TipAuthor author, string press, CancellationToken ct) =>
        db.Set<Tip>().Where(t => t.Channel == author.Channel && t.UserExternalId == author.UserExternalId && t.SentByPress == press)
            .Select(t => t.Ticket).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Selesai or Kirim with nothing open to send: a new "kirim" typed after the tip went, a Kirim of a draft that was
    /// cancelled or has expired. Said so in one message, with the sender's latest ticket when there is one (a sender who
    /// checks that their tip went learns that it did, and where to follow it) and how to begin another.
    /// </summary>
    private async Task<TipReply> NothingToSendAsync(HumasDbContext db, TipAuthor author, CancellationToken ct)
    {
        var last = await db.Set<Tip>().Where(t => t.Channel == author.Channel && t.UserExternalId == author.UserExternalId)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Select(t => t.Ticket).FirstOrDefaultAsync(ct);
        var language = author.Language;
        IEnumerable<string> sentences = last is null
            ? [texts.Get("tips.nothing_to_send", language), texts.Get("tips.not_in_flow", language)]
            : [texts.Get("tips.nothing_to_send", language), texts.Get("tips.last_ticket", language, last), texts.Get("tips.not_in_flow", language)];
        return new TipReply(string.Join(" ", sentences), []);
    }

    /// <summary>The ticket of the author's tip sent from that draft, if it went.</summary>
    private static Task<string?> SubmittedTicketAsync(HumasDbContext db, TipAuthor author, long draftId, CancellationToken ct) =>
        db.Set<Tip>().Where(t => t.Channel == author.Channel && t.UserExternalId == author.UserExternalId && t.DraftId == draftId)
            .Select(t => t.Ticket).FirstOrDefaultAsync(ct);

    /// <summary>The daily cap counts tips sent since midnight in Jakarta; checked when a tip is started.</summary>
    private async Task<TipReply?> DailyCapAsync(HumasDbContext db, TipAuthor author, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var dayStart = JakartaTime.ToUtc(JakartaTime.ToLocal(now).Date);
        var today = await db.Set<Tip>().CountAsync(t => t.Channel == author.Channel && t.UserExternalId == author.UserExternalId && t.CreatedAt >= dayStart, ct);
        if (today < _options.MaxTipsPerDay)
        {
            return null;
        }

        log.LogInformation("Tip refused for {Channel}:{UserExternalId}: daily cap of {MaxTipsPerDay} reached", author.Channel, author.UserExternalId, _options.MaxTipsPerDay);
        return Say(author, "tips.daily_cap", _options.MaxTipsPerDay);
    }

    private TipDraft NewDraft(TipAuthor author)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new TipDraft
        {
            Channel = author.Channel,
            UserExternalId = author.UserExternalId,
            ConversationExternalId = author.ConversationExternalId,
            DisplayName = ColumnText.Clip(author.DisplayName, TipLimits.MaxNameLength),
            Language = author.Language,
            Step = TipDraftStep.Text,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>The answer to "which institution": on a pick, the story's question follows; otherwise the picker again.</summary>
    private async Task<IReadOnlyList<TipReply>> ChooseInstitutionAsync(TipDraft draft, TipInput input, CancellationToken ct)
    {
        var (chosen, replies) = await institutions.AnswerAsync(input, Button(input.Author, "cancel"), ct);
        if (chosen is null)
        {
            return replies;
        }

        draft.InstitutionId = chosen.Id;
        draft.Step = TipDraftStep.Text;
        return [Say(input.Author, "tips.institution_chosen", chosen.Name), Prompt(draft, input.Author.Language)];
    }

    /// <summary><see cref="Prompt"/>, and for the institution's question its picker (read from the database).</summary>
    private async Task<TipReply> PromptAsync(TipDraft draft, string language, CancellationToken ct) =>
        draft.Step == TipDraftStep.Institution
            ? await institutions.AskAsync(null, 0, new TipButton("cancel", texts.Get("tips.button.cancel", language)), language, ct)
            : Prompt(draft, language);

    /// <summary>Applies one input to the draft (in memory) and says what to show.</summary>
    private IReadOnlyList<TipReply> Step(TipDraft draft, TipInput input)
    {
        var author = input.Author;
        switch (draft.Step, input)
        {
            case (TipDraftStep.Text, TipText { Text: var text }) when !string.IsNullOrWhiteSpace(text):
                if (text.Trim().Length > TipLimits.MaxTextLength)
                {
                    return [Say(author, "tips.text_too_long", TipLimits.MaxTextLength, text.Trim().Length)];
                }

                draft.Text = text.Trim();
                draft.Step = TipDraftStep.Media;
                return [Prompt(draft, author.Language)];

            case (TipDraftStep.Text, TipAttachment first):
                // The picture first, the story after (or in its caption, which the router passes on as text next):
                // the file joins the draft and the flow still asks what happened. An album lands here photo by photo.
                var (taken, answer) = AddAttachment(draft, first);
                return taken ? [Ask(author, "tips.media_before_text", Cancel(author), DraftAttachment.Read(draft).Count)] : [answer];

            case (TipDraftStep.Text, _):
                return [Ask(author, "tips.need_text", Cancel(author))];

            case (TipDraftStep.Media, TipAttachment a):
                return [AddAttachment(draft, a).Reply];

            case (TipDraftStep.Media, TipLocation location):
                if (draft.Latitude is not null)
                {
                    return [Ask(author, "tips.location_duplicate", MediaButtons(draft, author))];
                }

                draft.Latitude = location.Latitude;
                draft.Longitude = location.Longitude;
                return [Ask(author, "tips.location_received", MediaButtons(draft, author))];

            case (TipDraftStep.Media, TipText { Text: var more }) when !string.IsNullOrWhiteSpace(more):
                // Contributors often tell a story in several messages; later ones extend it.
                var extended = $"{draft.Text}\n\n{more.Trim()}";
                if (extended.Length > TipLimits.MaxTextLength)
                {
                    return [Say(author, "tips.text_too_long", TipLimits.MaxTextLength, extended.Length)];
                }

                draft.Text = extended;
                return [Ask(author, "tips.text_added", MediaButtons(draft, author))];

            case (TipDraftStep.Media, TipAction) when IsDone(input):
            case (TipDraftStep.Media, TipAction { Typed: true }) when IsSend(input):
                // "kirim" typed while files are collected (WhatsApp) is the wish to finish and send: on towards the summary,
                // as Selesai. A Kirim button here is one left on an older message and gets the hint below, as it always did.
                draft.Step = TipDraftStep.Contact;
                return [Prompt(draft, author.Language)];

            case (TipDraftStep.Media, _):
                return [Ask(author, "tips.media_hint", MediaButtons(draft, author))];

            case (TipDraftStep.Contact, TipContact contact):
                draft.ContactPhone = Truncate(contact.PhoneNumber.Trim(), 32);
                draft.ContactName = contact.Name is null ? null : Truncate(contact.Name.Trim(), 200);
                draft.Step = TipDraftStep.Confirm;
                return [Prompt(draft, author.Language)];

            case (TipDraftStep.Contact, TipText { Text: var phone }) when PhoneNumber().IsMatch(phone.Trim()):
                draft.ContactPhone = phone.Trim();
                draft.Step = TipDraftStep.Confirm;
                return [Prompt(draft, author.Language)];

            case (TipDraftStep.Contact, TipAction { Action: "skip" }):
                draft.Step = TipDraftStep.Confirm;
                return [Prompt(draft, author.Language)];

            case (TipDraftStep.Contact, _):
                return [Ask(author, "tips.contact_hint", [Button(author, "skip"), Button(author, "cancel")])];

            default:
                // At the summary only Kirim sends (and Batal drops): it is the one confirmation before the editors read the
                // tip, and Kirim is the word of its question and its button. Selesai here, the button of the step before
                // (left on an older message and pressed late, on Telegram as on WhatsApp) or the word typed for it, gets
                // the hint, not a tip the sender did not confirm; a sender who meant "send" is one "kirim" away.
                return [Say(author, "tips.confirm_hint"), Prompt(draft, author.Language)];
        }
    }

    /// <summary>Adds the file to the draft (in memory) within the caps; the answer says so, or why not.</summary>
    private (bool Added, TipReply Reply) AddAttachment(TipDraft draft, TipAttachment a)
    {
        var author = a.Author;
        // A file id longer than its column cannot be kept: refused here, as an unusable file. Kept, it failed the insert
        // of the whole tip at every attempt (on PostgreSQL, which enforces the width), so the tip never went out.
        if (!DraftAttachment.Kinds.Contains(a.Kind) || string.IsNullOrWhiteSpace(a.ChannelFileId)
            || a.ChannelFileId.Length > TipAttachmentRecord.MaxChannelFileIdLength)
        {
            return (false, Ask(author, "tips.media_hint", MediaButtons(draft, author)));
        }

        var list = DraftAttachment.Read(draft);
        if (list.Count >= _options.MaxFilesPerTip)
        {
            return (false, Ask(author, "tips.too_many_files", MediaButtons(draft, author), _options.MaxFilesPerTip));
        }

        if (a.Size > _options.MaxFileBytes)
        {
            return (false, Ask(author, "tips.file_too_large", MediaButtons(draft, author), Megabytes(_options.MaxFileBytes)));
        }

        var caption = string.IsNullOrWhiteSpace(a.Caption) ? null : Truncate(a.Caption.Trim(), TipLimits.MaxCaptionLength);
        list.Add(new DraftAttachment(a.Kind, a.ChannelFileId, a.FileName is null ? null : Truncate(a.FileName, 255),
            a.MediaType is null ? null : Truncate(a.MediaType, 128), a.Size, caption, a.GroupId is null ? null : Truncate(a.GroupId, 64)));
        DraftAttachment.Write(draft, list);
        return (true, Ask(author, "tips.media_received", MediaButtons(draft, author), list.Count));
    }

    /// <summary>What the current step asks for, with its buttons.</summary>
    private TipReply Prompt(TipDraft draft, string language)
    {
        var author = new TipAuthor(draft.Channel, draft.ConversationExternalId, draft.UserExternalId, draft.DisplayName, language);
        switch (draft.Step)
        {
            case TipDraftStep.Text:
                return Ask(author, "tips.ask_text", Cancel(author));
            case TipDraftStep.Media:
                return Ask(author, "tips.ask_media", MediaButtons(draft, author));
            case TipDraftStep.Contact:
                return Ask(author, "tips.ask_contact", [Button(author, "skip"), Button(author, "cancel")]);
            default:
                var none = texts.Get("tips.summary_none", language);
                var summary = texts.Get("tips.summary", language, draft.Text, DraftAttachment.Read(draft).Count,
                    TipNoticeComposer.Location(draft.Latitude, draft.Longitude) ?? none,
                    TipNoticeComposer.Contact(draft.ContactPhone, draft.ContactName) ?? none);
                return new TipReply(summary, [SendButton(draft, author), Button(author, "cancel")]);
        }
    }

    private static Task<TipDraft?> FindDraftAsync(HumasDbContext db, TipAuthor author, CancellationToken ct) =>
        db.Set<TipDraft>().FirstOrDefaultAsync(d => d.Channel == author.Channel && d.UserExternalId == author.UserExternalId, ct);

    private bool IsExpired(TipDraft draft) =>
        draft.UpdatedAt < time.GetUtcNow().UtcDateTime - TimeSpan.FromHours(_options.DraftHours);

    private TipReply Say(TipAuthor author, string key, params object?[] args) => Ask(author, key, [], args);

    /// <summary>
    /// Every sentence of the flow in the channel's own wording where it has one, else the core's: on WhatsApp the
    /// sentences that name a button say it may be typed too ("whatsapp.tips.confirm_hint", "whatsapp.tips.ask_media").
    /// </summary>
    private string ChannelKey(TipAuthor author, string key) => texts.Has($"{author.Channel}.{key}") ? $"{author.Channel}.{key}" : key;

    private TipReply Ask(TipAuthor author, string key, IReadOnlyList<TipButton> buttons, params object?[] args) =>
        new(texts.Get(ChannelKey(author, key), author.Language, args), buttons);

    private List<TipButton> MediaButtons(TipDraft? draft, TipAuthor author) => [DoneButton(draft, author), Button(author, "cancel")];

    private List<TipButton> Cancel(TipAuthor author) => [Button(author, "cancel")];

    private TipButton Button(TipAuthor author, string action) => new(action, texts.Get($"tips.button.{action}", author.Language));

    private static string Megabytes(long bytes) => (bytes / (1024d * 1024d)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [GeneratedRegex(@"^\+?[0-9][0-9 \-]{5,19}$")]
    private static partial Regex PhoneNumber();
}
