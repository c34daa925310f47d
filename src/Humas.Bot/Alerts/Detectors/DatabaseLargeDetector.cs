using System.Globalization;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Alerts.Detectors;

/// <summary>The database at 90% of <c>Alerts:DatabaseMaxMegabytes</c> or more (0 = not watched). National: the operators' alone.</summary>
public sealed class DatabaseLargeDetector(IOptionsMonitor<AlertsOptions> options) : IIncidentDetector
{
    public const string Key = "database";

    /// <summary>The share of the limit at which it is told: enough room left to act.</summary>
    public const double Threshold = 0.9;

    public IncidentKind Kind => IncidentKind.DatabaseLarge;

    public async Task<IReadOnlyList<Finding>> DetectAsync(HumasDbContext db, DateTime now, CancellationToken ct)
    {
        var max = options.CurrentValue.DatabaseMaxMegabytes;
        if (max <= 0)
        {
            return [];
        }

        var bytes = await SizeAsync(db, ct);
        var megabytes = bytes / (1024 * 1024);
        return bytes >= max * 1024.0 * 1024 * Threshold
            ? [new Finding(Key, Kind, null, string.Create(CultureInfo.InvariantCulture, $"database {megabytes} MB of {max} MB"))]
            : [];
    }

    /// <summary>The database's size in bytes, as the provider counts it (SQLite: its pages; PostgreSQL: pg_database_size).</summary>
    public static Task<long> SizeAsync(HumasDbContext db, CancellationToken ct) => db.Database.IsSqlite()
        ? db.Database.SqlQueryRaw<long>("SELECT page_count * page_size AS \"Value\" FROM pragma_page_count(), pragma_page_size()").SingleAsync(ct)
        : db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync(ct);
}
