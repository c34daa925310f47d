using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Alerts.Detectors;

/// <summary>An enabled source that is dead, or has failed without a success for <c>Alerts:SourceFailingHours</c>.</summary>
public sealed class SourceFailingDetector(IOptionsMonitor<AlertsOptions> options) : IIncidentDetector
{
    public IncidentKind Kind => IncidentKind.SourceFailing;

    public static string KeyOf(string sourceId) => "source:" + sourceId;

    public async Task<IReadOnlyList<Finding>> DetectAsync(HumasDbContext db, DateTime now, CancellationToken ct)
    {
        var since = now - TimeSpan.FromHours(options.CurrentValue.SourceFailingHours);
        var failing = await db.Set<Source>().AsNoTracking()
            .Where(s => s.Enabled && (s.State == SourceState.Dead || (s.FailingSince != null && s.FailingSince <= since)))
            .Select(s => new { s.Id, s.Name, s.InstitutionId, s.LastError, s.FailingSince })
            .ToListAsync(ct);
        return failing
            .Select(s => new Finding(KeyOf(s.Id), Kind, s.InstitutionId, $"{s.Name} ({s.Id}): {s.LastError ?? "?"}"))
            .ToList();
    }
}
