using Humas.Bot.Storage;

namespace Humas.Bot.Alerts.Detectors;

/// <summary>A cause that is present now: its <see cref="Key"/> names it for de-duplication ("source:kemensos-rss").</summary>
public sealed record Finding(string Key, IncidentKind Kind, string? InstitutionId, string Summary);

/// <summary>
/// One kind of trouble, looked for on every run of <see cref="AlertMonitor"/>. A detector returns every cause of
/// its kind present now; an open incident of its <see cref="Kind"/> that it no longer returns is resolved.
/// </summary>
public interface IIncidentDetector
{
    IncidentKind Kind { get; }

    Task<IReadOnlyList<Finding>> DetectAsync(HumasDbContext db, DateTime now, CancellationToken ct);
}
