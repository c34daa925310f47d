using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Storage.Audit;

/// <summary>Writes and reads the audit log of editors' and operators' actions (the dashboard's and the command line's).</summary>
public sealed class AuditLog(IDbContextFactory<HumasDbContext> factory, TimeProvider time, ILogger<AuditLog> log)
{
    public async Task WriteAsync(string actor, string action, string targetKind, string targetId, string? detail, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Add(new AdminAuditEntry
        {
            // Cut to the columns' lengths (an author's channel:user can be long); what identifies the target comes first.
            At = time.GetUtcNow().UtcDateTime, Actor = actor, Action = action, TargetKind = targetKind,
            TargetId = targetId is { Length: > 64 } ? targetId[..64] : targetId,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
        });
        await db.SaveChangesAsync(ct);
        log.LogInformation("Audit: {Actor} {Action} {TargetKind} {TargetId}", actor, action, targetKind, targetId);
    }

    public async Task<IReadOnlyList<AdminAuditEntry>> ForAsync(string targetKind, string targetId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<AdminAuditEntry>().AsNoTracking().Where(a => a.TargetKind == targetKind && a.TargetId == targetId)
            .OrderBy(a => a.Id).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<AdminAuditEntry>> RecentAsync(int take, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<AdminAuditEntry>().AsNoTracking().OrderByDescending(a => a.Id).Take(take).ToListAsync(ct);
    }
}
