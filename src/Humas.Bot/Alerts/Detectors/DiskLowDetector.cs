using System.Globalization;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Alerts.Detectors;

/// <summary>
/// Free space on the data volume below <c>Alerts:DiskFreeMegabytes</c>: the volume of <c>Alerts:DiskPath</c>, else of
/// the SQLite database, else of the working directory. National: the operators' alone.
/// </summary>
public sealed class DiskLowDetector(IOptionsMonitor<AlertsOptions> options) : IIncidentDetector
{
    public const string Key = "disk";

    public IncidentKind Kind => IncidentKind.DiskLow;

    public Task<IReadOnlyList<Finding>> DetectAsync(HumasDbContext db, DateTime now, CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (o.DiskFreeMegabytes <= 0)
        {
            return Task.FromResult<IReadOnlyList<Finding>>([]);
        }

        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(o.DiskPath) ? DataFolder(db) : o.DiskPath);
        var freeMegabytes = new DriveInfo(path).AvailableFreeSpace / (1024 * 1024);
        IReadOnlyList<Finding> found = freeMegabytes < o.DiskFreeMegabytes
            ? [new Finding(Key, Kind, null, string.Create(CultureInfo.InvariantCulture, $"{path}: {freeMegabytes} MB free, below {o.DiskFreeMegabytes} MB"))]
            : [];
        return Task.FromResult(found);
    }

    private static string DataFolder(HumasDbContext db) =>
        db.Database.IsSqlite() && db.Database.GetDbConnection().DataSource is { Length: > 0 } file && file != ":memory:"
            ? Path.GetDirectoryName(Path.GetFullPath(file)) ?? Directory.GetCurrentDirectory()
            : Directory.GetCurrentDirectory();
}
