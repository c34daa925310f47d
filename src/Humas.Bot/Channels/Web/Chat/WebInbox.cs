using System.Text.Json;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>
/// The visitors' stored messages: every write is committed first, then open pages are woken. The delivery
/// channel, the command replies and the tip notices all write through here.
/// </summary>
public sealed class WebInbox(
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    WebChatSignal signal,
    IOptions<WebOptions> options,
    TimeProvider time)
{
    public async Task<IReadOnlyList<WebMessageEnvelope>> AppendAsync(string visitorId, IEnumerable<WebMessageView> views, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var rows = views.Select(v => new WebMessage
        {
            VisitorId = visitorId,
            Kind = v.Kind,
            Payload = JsonSerializer.Serialize(v, WebJsonContext.Default.WebMessageView),
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            using var gate = await sqliteWriter.EnterAsync(db, ct);
            db.AddRange(rows);
            await db.SaveChangesAsync(ct);
        }

        signal.Wake(visitorId);
        return rows.Select(Envelope).ToList();
    }

    public async Task<WebMessageEnvelope> AppendAsync(string visitorId, WebMessageView view, CancellationToken ct) =>
        (await AppendAsync(visitorId, [view], ct))[0];

    /// <summary>Replaces a stored message's content; false when it is gone (expired or never existed).</summary>
    public async Task<bool> ReplaceAsync(string visitorId, long messageId, WebMessageView view, CancellationToken ct)
    {
        var payload = JsonSerializer.Serialize(view, WebJsonContext.Default.WebMessageView);
        var now = time.GetUtcNow().UtcDateTime;
        int updated;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            using var gate = await sqliteWriter.EnterAsync(db, ct);
            updated = await db.Set<WebMessage>()
                .Where(m => m.Id == messageId && m.VisitorId == visitorId && m.DeletedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.Payload, payload).SetProperty(m => m.UpdatedAt, now), ct);
        }

        signal.Wake(visitorId);
        return updated == 1;
    }

    public async Task DeleteAsync(string visitorId, long messageId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            using var gate = await sqliteWriter.EnterAsync(db, ct);
            await db.Set<WebMessage>()
                .Where(m => m.Id == messageId && m.VisitorId == visitorId && m.DeletedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.DeletedAt, now).SetProperty(m => m.UpdatedAt, now), ct);
        }

        signal.Wake(visitorId);
    }

    /// <summary>The messages with these ids (replies the gateway just stored), oldest first.</summary>
    public async Task<IReadOnlyList<WebMessageEnvelope>> ReadAsync(string visitorId, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<WebMessage>().AsNoTracking()
            .Where(m => m.VisitorId == visitorId && ids.Contains(m.Id))
            .OrderBy(m => m.Id)
            .ToListAsync(ct);
        return rows.Select(Envelope).ToList();
    }

    /// <summary>The latest messages (not deleted), oldest first, for a page that opens.</summary>
    public async Task<IReadOnlyList<WebMessageEnvelope>> HistoryAsync(string visitorId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<WebMessage>().AsNoTracking()
            .Where(m => m.VisitorId == visitorId && m.DeletedAt == null)
            .OrderByDescending(m => m.Id)
            .Take(options.Value.HistorySize)
            .ToListAsync(ct);
        return rows.OrderBy(m => m.Id).Select(Envelope).ToList();
    }

    /// <summary>New messages after <paramref name="afterId"/> and any changed since <paramref name="changedSince"/> (edits, deletes).</summary>
    public async Task<IReadOnlyList<WebMessageEnvelope>> ChangesAsync(string visitorId, long afterId, DateTime changedSince, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<WebMessage>().AsNoTracking()
            .Where(m => m.VisitorId == visitorId && (m.Id > afterId || m.UpdatedAt >= changedSince))
            .OrderBy(m => m.Id)
            .Take(options.Value.HistorySize)
            .ToListAsync(ct);
        return rows.Select(Envelope).ToList();
    }

    private static WebMessageEnvelope Envelope(WebMessage m) => new(
        m.Id,
        m.CreatedAt,
        m.UpdatedAt,
        m.DeletedAt is not null,
        m.DeletedAt is not null ? null : JsonSerializer.Deserialize(m.Payload, WebJsonContext.Default.WebMessageView));
}
