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

    /// <summary>One pass; public so tests run it without the hourly loop.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow().UtcDateTime - CountedPresses.Retention;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Behind the gate: on SQLite an ungated write would meet the vote batches as SQLITE_BUSY.
        using var gate = await sqliteWriter.EnterAsync(db, cancellationToken);
        var deleted = await db.Set<CountedPress>().Where(p => p.CountedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            _log.LogInformation("Counted presses clean-up: {Presses} presses older than {Retention} forgotten", deleted, CountedPresses.Retention);
        }
    }
}
