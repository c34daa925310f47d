using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Alerts;

/// <summary>An incident as the dashboard lists it, with what was told about it.</summary>
public sealed record IncidentRow(Incident Incident, int Told, int Suppressed);

/// <summary>
/// The dashboard's incidents page: open ones first, then those resolved within <see cref="RecentDays"/>. Read through
/// the dashboard's scoped contexts, so an institution's editor sees only its incidents (the operators' own, with no
/// institution, are national).
/// </summary>
public sealed class IncidentList(IDbContextFactory<HumasDbContext> factory, TimeProvider time)
{
    public const int RecentDays = 7;

    /// <summary>The most rows a list shows; beyond it the oldest resolved ones are left out.</summary>
    public const int MaxRows = 200;

    public async Task<IReadOnlyList<IncidentRow>> ListAsync(CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime.AddDays(-RecentDays);
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<Incident>().AsNoTracking()
            .Where(i => i.ResolvedAt == null || i.ResolvedAt >= since)
            .OrderBy(i => i.ResolvedAt == null ? 0 : 1).ThenByDescending(i => i.OpenedAt).ThenByDescending(i => i.Id)
            .Take(MaxRows)
            .Select(i => new IncidentRow(
                i,
                db.Set<AlertNotification>().Count(n => n.IncidentId == i.Id && n.State == AlertNotificationState.Sent),
                db.Set<AlertNotification>().Count(n => n.IncidentId == i.Id && n.State == AlertNotificationState.Suppressed)))
            .ToListAsync(ct);
        return rows;
    }
}
