using Humas.Bot.Delivery.Messages;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Flow;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tips.Queue;

public enum TipActionResult
{
    Done,
    NotFound,

    /// <summary>Already accepted or declined (two editors tapped at once); nothing changed, nobody notified.</summary>
    AlreadyDecided,
    Invalid,
}

/// <summary>A tip as the editors' chats need it: which ticket, whose.</summary>
public sealed record TipRef(long Id, string Ticket, string? InstitutionId);

public sealed record TipSummary(long Id, string Ticket, TipState State, string Channel, string? AuthorName, string? InstitutionId, string? Unit, string Text, int Attachments, DateTime CreatedAt);

/// <summary>
/// The editors' queue: decisions and the one thread per tip between editors and the contributor. Every
/// action writes a <see cref="TipEvent"/> (the audit trail) in the same transaction as the state change;
/// the notice goes out after the commit.
/// </summary>
public sealed class TipQueue(
    IDbContextFactory<HumasDbContext> factory, ITipNotices notifications, TipNoticeComposer composer, ITexts texts, TimeProvider time, ILogger<TipQueue> log)
{
    public async Task<IReadOnlyList<TipSummary>> ListAsync(TipState? state, int limit, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var tips = db.Set<Tip>().AsNoTracking();
        if (state is { } s)
        {
            tips = tips.Where(t => t.State == s);
        }

        return await tips.OrderByDescending(t => t.Id).Take(limit)
            .Select(t => new TipSummary(t.Id, t.Ticket, t.State, t.Channel, t.AuthorName, t.InstitutionId, t.Unit, t.Text,
                db.Set<TipAttachmentRecord>().Count(a => a.TipId == t.Id), t.CreatedAt))
            .ToListAsync(ct);
    }

    /// <summary>The audit trail and thread of a tip, oldest first.</summary>
    public async Task<IReadOnlyList<TipEvent>> HistoryAsync(long tipId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<TipEvent>().AsNoTracking().Where(e => e.TipId == tipId).OrderBy(e => e.Id).ToListAsync(ct);
    }

    /// <summary>A tip's ticket and institution (for the editors' chats); null for an unknown id.</summary>
    public async Task<TipRef?> FindAsync(long tipId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Tip>().Where(t => t.Id == tipId).Select(t => new TipRef(t.Id, t.Ticket, t.InstitutionId)).FirstOrDefaultAsync(ct);
    }

    /// <summary>The same by ticket number ("USL-…"), as an editor's reply quotes it.</summary>
    public async Task<TipRef?> FindAsync(string ticket, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Tip>().Where(t => t.Ticket == ticket).Select(t => new TipRef(t.Id, t.Ticket, t.InstitutionId)).FirstOrDefaultAsync(ct);
    }

    public Task<TipActionResult> AcceptAsync(long tipId, string editor, string? note, CancellationToken ct) =>
        DecideAsync(tipId, TipState.Accepted, editor, note, ct);

    public Task<TipActionResult> DeclineAsync(long tipId, string editor, string? note, CancellationToken ct) =>
        DecideAsync(tipId, TipState.Declined, editor, note, ct);

    /// <summary>An editor's message to the contributor; the tip moves to "in discussion" until decided.</summary>
    public async Task<TipActionResult> ReplyAsync(long tipId, string editor, string message, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(message) || message.Length > TipLimits.MaxTextLength)
        {
            return TipActionResult.Invalid;
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var tip = await db.InTransactionAsync(async () =>
        {
            var tip = await db.Set<Tip>().FirstOrDefaultAsync(t => t.Id == tipId, ct);
            if (tip is null)
            {
                return null;
            }

            if (tip.State == TipState.New)
            {
                tip.State = TipState.InDiscussion;
            }

            tip.UpdatedAt = now;
            db.Add(new TipEvent { TipId = tip.Id, Kind = TipEventKind.EditorMessage, Actor = editor, Note = message.Trim(), CreatedAt = now });
            await db.SaveChangesAsync(ct);
            await notifications.ToContributorAsync(db, composer.EditorMessage(tip, message.Trim()), ct);
            return tip;
        }, ct);
        if (tip is null)
        {
            return TipActionResult.NotFound;
        }

        log.LogInformation("Tip {TipId} ({Ticket}): editor {Editor} replied", tip.Id, tip.Ticket, editor);
        return TipActionResult.Done;
    }

    /// <summary>True when an editor's message to this author is waiting for their answer.</summary>
    public async Task<bool> AwaitsAnswerAsync(TipAuthor author, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await AwaitingTipAsync(db, author, null, ct) is not null;
    }

    /// <summary>
    /// The ticket named by the message of the bot's that <paramref name="quote"/> replies to: read from its text
    /// where the platform sends it (Telegram), else from the notice sent as that message in the author's chat
    /// (WhatsApp sends only the id). Null when the quoted message names no ticket.
    /// </summary>
    public async Task<string?> QuotedTicketAsync(TipAuthor author, TipQuote quote, CancellationToken ct)
    {
        var text = quote.Text;
        if (text is null && !string.IsNullOrEmpty(quote.MessageId))
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var payload = await db.Set<DeliveryRecord>().AsNoTracking()
                .Where(r => r.Kind == DeliveryKind.Notice && r.MessageId == quote.MessageId)
                .Join(db.Set<Conversation>().Where(c => c.Channel == author.Channel && c.ExternalId == author.ConversationExternalId),
                    r => r.ConversationId, c => c.Id, (r, c) => r.Payload)
                .FirstOrDefaultAsync(ct);
            text = payload is null ? null : MessageComposer.DeserializeNotice(payload).Text;
        }

        return text is not null && TicketNumbers.Pattern().Match(text) is { Success: true } match ? match.Value : null;
    }

    /// <summary>
    /// The contributor's answer, relayed to the editors in the tip's thread: to their tip with
    /// <paramref name="ticket"/> (a reply to a message naming it, in any state), or without one to the latest tip
    /// whose editor message is unanswered. Another author's ticket is answered like no ticket at all.
    /// </summary>
    public async Task<TipReply> AnswerAsync(TipAuthor author, string? ticket, string answer, CancellationToken ct)
    {
        if (answer.Trim().Length > TipLimits.MaxTextLength)
        {
            return new TipReply(texts.Get("tips.answer_too_long", author.Language, TipLimits.MaxTextLength), []);
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var tip = await db.InTransactionAsync(async () =>
        {
            var tip = await AwaitingTipAsync(db, author, ticket, ct);
            if (tip is null || string.IsNullOrWhiteSpace(answer))
            {
                return null;
            }

            db.Add(new TipEvent { TipId = tip.Id, Kind = TipEventKind.ContributorMessage, Actor = $"{author.Channel}:{author.UserExternalId}", Note = answer.Trim(), CreatedAt = now });
            await db.SaveChangesAsync(ct);
            await notifications.ToEditorsAsync(db, composer.Answer(tip, answer.Trim()), ct);
            return tip;
        }, ct);
        if (tip is null)
        {
            return new TipReply(texts.Get("tips.not_in_flow", author.Language), []);
        }

        log.LogInformation("Tip {TipId} ({Ticket}): the contributor answered", tip.Id, tip.Ticket);
        return new TipReply(texts.Get("tips.answer_received", author.Language, tip.Ticket), []);
    }

    /// <summary>
    /// The tip became <paramref name="articleId"/>: state Published, the article kept on the tip, and the contributor
    /// sent its link (through the notice outbox, in the same transaction). Invalid for an unknown article;
    /// AlreadyDecided when the tip is already published as that article.
    /// </summary>
    public async Task<TipActionResult> PublishAsync(long tipId, Guid articleId, string editor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var article = await db.Set<Article>().AsNoTracking().Where(a => a.Id == articleId).Select(a => new { a.Title, a.Url }).FirstOrDefaultAsync(ct);
        if (article is null)
        {
            return TipActionResult.Invalid;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var (result, tip) = await db.InTransactionAsync(async () =>
        {
            var tip = await db.Set<Tip>().FirstOrDefaultAsync(t => t.Id == tipId, ct);
            if (tip is null)
            {
                return (TipActionResult.NotFound, null);
            }

            if (tip.State == TipState.Published && tip.ArticleId == articleId)
            {
                return (TipActionResult.AlreadyDecided, tip);
            }

            tip.State = TipState.Published;
            tip.ArticleId = articleId;
            // Published without an explicit Terima counts as accepted then (the contributors' board counts it).
            tip.DecidedBy ??= editor;
            tip.DecidedAt ??= now;
            tip.UpdatedAt = now;
            db.Add(new TipEvent { TipId = tip.Id, Kind = TipEventKind.Published, Actor = editor, Note = article.Url, CreatedAt = now });
            await db.SaveChangesAsync(ct);
            await notifications.ToContributorAsync(db, composer.Published(tip, article.Title, article.Url), ct);
            return (TipActionResult.Done, (Tip?)tip);
        }, ct);
        if (result == TipActionResult.Done)
        {
            log.LogInformation("Tip {TipId} ({Ticket}) published as article {ArticleId} by {Editor}", tip!.Id, tip.Ticket, articleId, editor);
        }

        return result;
    }

    private async Task<TipActionResult> DecideAsync(long tipId, TipState decision, string editor, string? note, CancellationToken ct)
    {
        if (note is { Length: > TipLimits.MaxTextLength })
        {
            return TipActionResult.Invalid;
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var (result, tip) = await db.InTransactionAsync(async () =>
        {
            var tip = await db.Set<Tip>().FirstOrDefaultAsync(t => t.Id == tipId, ct);
            if (tip is null)
            {
                return (TipActionResult.NotFound, null);
            }

            if (tip.State is TipState.Accepted or TipState.Declined or TipState.Published)
            {
                return (TipActionResult.AlreadyDecided, tip);
            }

            tip.State = decision;
            tip.DecidedBy = editor;
            tip.DecidedAt = now;
            tip.UpdatedAt = now;
            var kind = decision == TipState.Accepted ? TipEventKind.Accepted : TipEventKind.Declined;
            db.Add(new TipEvent { TipId = tip.Id, Kind = kind, Actor = editor, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(), CreatedAt = now });
            await db.SaveChangesAsync(ct);
            await notifications.ToContributorAsync(db, composer.Decision(tip, decision, note), ct);
            return (TipActionResult.Done, (Tip?)tip);
        }, ct);
        if (result != TipActionResult.Done || tip is null)
        {
            return result;
        }

        log.LogInformation("Tip {TipId} ({Ticket}) {Decision} by {Editor}", tip.Id, tip.Ticket, decision, editor);
        return TipActionResult.Done;
    }

    private static async Task<Tip?> AwaitingTipAsync(HumasDbContext db, TipAuthor author, string? ticket, CancellationToken ct)
    {
        var candidates = await db.Set<Tip>()
            .Where(t => t.Channel == author.Channel && t.UserExternalId == author.UserExternalId)
            .Where(t => ticket == null ? t.State != TipState.New : t.Ticket == ticket)
            .OrderByDescending(t => t.Id)
            .Take(20)
            .ToListAsync(ct);
        foreach (var tip in candidates)
        {
            var last = await db.Set<TipEvent>()
                .Where(e => e.TipId == tip.Id && (e.Kind == TipEventKind.EditorMessage || e.Kind == TipEventKind.ContributorMessage))
                .OrderByDescending(e => e.Id)
                .Select(e => (TipEventKind?)e.Kind)
                .FirstOrDefaultAsync(ct);
            // Named by ticket (a reply to a message about it), the message joins its thread; otherwise only an
            // unanswered editor message takes the author's next plain text.
            if (ticket is not null || last == TipEventKind.EditorMessage)
            {
                return tip;
            }
        }

        return null;
    }
}
