using Humas.Bot.Feedback.Model;
using Humas.Bot.Host;
using Humas.Bot.Storage;
using Humas.Bot.Storage.Cluster;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Feedback;

/// <summary>Hourly, on one instance: forgets counted presses older than <see cref="CountedPresses.Retention"/>.</summary>
public sealed class CountedPressJanitor(
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    ILeadership leadership,
    TimeProvider time,
    ILogger<CountedPressJanitor> log) : RecurringWorker(time, log)
{
    private readonly TimeProvider _time = time;
    private readonly ILogger _log = log;

    protected override ILeadership Leadership => leadership;

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override string Activity => "counted presses clean-up";

    /// <summary>Rows per delete statement (<see cref="BatchedDelete.BatchSize"/>; tests make it small).</summary>
    internal int BatchSize { get; set; } = BatchedDelete.BatchSize;

    /// <summary>One pass; public so tests run it without the hourly loop.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow().UtcDateTime - CountedPresses.Retention;
        // In batches, each behind the gate (an ungated write would meet the vote batches as SQLITE_BUSY) and letting
        // the votes in between.
        var deleted = await BatchedDelete.DeleteAsync(
            factory, sqliteWriter, db => db.Set<CountedPress>().Where(p => p.CountedAt < cutoff), p => p.CountedAt, p => p.PressId, BatchSize, cancellationToken);
        if (deleted > 0)
        {
            _log.LogInformation("Counted presses clean-up: {Presses} presses older than {Retention} forgotten", deleted, CountedPresses.Retention);
        }
    }
}
