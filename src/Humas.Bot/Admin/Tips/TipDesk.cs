using Humas.Bot.Admin.Audit;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Storage;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Admin.Tips;

public sealed record TipRow(TipSummary Tip, string? AssignedTo);

/// <summary>One line of a tip's audit trail: the Tips part's events and the dashboard's assignments, merged by time.</summary>
public sealed record TipTrailEntry(DateTime At, string Actor, string Action, string? Note);

/// <param name="Article">The article the tip became (title and address), when it was published.</param>
public sealed record TipDetail(Tip Tip, IReadOnlyList<TipAttachmentRecord> Attachments, IReadOnlyList<TipTrailEntry> Trail, TipAssignment? Assignment)
{
    public (string Title, string Url)? Article { get; init; }
}

/// <summary>
/// The dashboard's view of the editors' queue. Decisions and replies go through <see cref="TipQueue"/>, the same
/// path the Telegram editors' buttons use, so the contributor is told on their channel and TipEvents record who
/// did it; assignment is the dashboard's own and is written to the audit log.
/// </summary>
public sealed class TipDesk(IDbContextFactory<HumasDbContext> factory, TipQueue queue, AuditLog audit, TimeProvider time)
{
    public const int PageSize = 100;

    public async Task<IReadOnlyList<TipRow>> ListAsync(TipState? state, CancellationToken ct)
    {
        var tips = await queue.ListAsync(state, PageSize, ct);
        var ids = tips.Select(t => t.Id).ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        var assigned = await db.Set<TipAssignment>().AsNoTracking().Where(a => ids.Contains(a.TipId)).ToDictionaryAsync(a => a.TipId, a => a.AssignedTo, ct);
        return tips.Select(t => new TipRow(t, assigned.GetValueOrDefault(t.Id))).ToList();
    }

    public async Task<TipDetail?> GetAsync(long id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var tip = await db.Set<Tip>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (tip is null)
        {
            return null;
        }

        var attachments = await db.Set<TipAttachmentRecord>().AsNoTracking().Where(a => a.TipId == id).OrderBy(a => a.Id).ToListAsync(ct);
        var assignment = await db.Set<TipAssignment>().AsNoTracking().SingleOrDefaultAsync(a => a.TipId == id, ct);
        var trail = (await queue.HistoryAsync(id, ct)).Select(e => new TipTrailEntry(e.CreatedAt, e.Actor, "tip." + e.Kind.ToString().ToLowerInvariant(), e.Note))
            .Concat((await audit.ForAsync("tip", id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct)).Select(a => new TipTrailEntry(a.At, a.Actor, a.Action, a.Detail)))
            .OrderBy(e => e.At).ToList();
        var article = tip.ArticleId is { } articleId
            ? await db.Set<Ingestion.Model.Article>().AsNoTracking().Where(a => a.Id == articleId).Select(a => new { a.Title, a.Url }).FirstOrDefaultAsync(ct)
            : null;
        return new TipDetail(tip, attachments, trail, assignment) { Article = article is null ? null : (article.Title, article.Url) };
    }

    public async Task<TipActionResult> AcceptAsync(long id, string editor, string? note, CancellationToken ct) =>
        await SeesAsync(id, ct) ? await queue.AcceptAsync(id, editor, note, ct) : TipActionResult.NotFound;

    public async Task<TipActionResult> DeclineAsync(long id, string editor, string? note, CancellationToken ct) =>
        await SeesAsync(id, ct) ? await queue.DeclineAsync(id, editor, note, ct) : TipActionResult.NotFound;

    public async Task<TipActionResult> ReplyAsync(long id, string editor, string message, CancellationToken ct) =>
        await SeesAsync(id, ct) ? await queue.ReplyAsync(id, editor, message, ct) : TipActionResult.NotFound;

    /// <summary>
    /// The tip became an article, named by its address (as a reader would paste it) or its id: the state becomes
    /// Published and the contributor is sent the link. Invalid when no such article is here.
    /// </summary>
    public async Task<TipActionResult> PublishAsync(long id, string? article, string editor, CancellationToken ct)
    {
        if (!await SeesAsync(id, ct))
        {
            return TipActionResult.NotFound;
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var articleId = Guid.TryParse(article?.Trim(), out var given) ? given : await Ingestion.Articles.ArticleUrls.FindAsync(db, article, ct);
        return articleId is { } found ? await queue.PublishAsync(id, found, editor, ct) : TipActionResult.Invalid;
    }

    /// <summary>
    /// The queue works on every tip (the Telegram editors' buttons use it too); here the dashboard's scope is
    /// checked first, so an institution's editor acting on another's tip gets what a missing tip gets.
    /// </summary>
    private async Task<bool> SeesAsync(long id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Tip>().AnyAsync(t => t.Id == id, ct);
    }

    /// <summary>Assigns the tip to an editor's account (empty = unassigned).</summary>
    public async Task<TipActionResult> AssignAsync(long id, string? assignee, string actor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Set<Tip>().AnyAsync(t => t.Id == id, ct))
        {
            return TipActionResult.NotFound;
        }

        var row = await db.Set<TipAssignment>().SingleOrDefaultAsync(a => a.TipId == id, ct);
        if (string.IsNullOrWhiteSpace(assignee))
        {
            if (row is not null)
            {
                db.Remove(row);
            }
        }
        else
        {
            if (!await db.Set<Accounts.AdminUser>().AnyAsync(u => u.Email == assignee && !u.Disabled && u.Role != Accounts.AdminRole.Viewer, ct))
            {
                return TipActionResult.Invalid;
            }

            row ??= db.Add(new TipAssignment { TipId = id, AssignedTo = assignee, AssignedBy = actor }).Entity;
            row.AssignedTo = assignee;
            row.AssignedBy = actor;
            row.AssignedAt = time.GetUtcNow().UtcDateTime;
        }

        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "tip.assign", "tip", id.ToString(System.Globalization.CultureInfo.InvariantCulture), assignee, ct);
        return TipActionResult.Done;
    }
}
