using Humas.Bot.Host;

namespace Humas.Bot.Delivery.FanOut;

/// <summary>
/// Consumes published-article events into the outbox, polling because ingestion may run elsewhere; an
/// in-process publisher (the publish API) wakes it at once through <see cref="FanOutWake"/>. A failed round
/// leaves the event unprocessed; planning is idempotent, so the next round simply retries it.
/// </summary>
public sealed class FanOutService(FanOutPlanner planner, FanOutWake wake, TimeProvider time, ILogger<FanOutService> log)
    : RecurringWorker(time, log)
{
    private readonly TimeProvider _time = time;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override string Activity => "Fan-out";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => planner.PlanPendingAsync(cancellationToken);

    protected override Task WaitAsync(CancellationToken cancellationToken) => wake.WaitAsync(Interval, _time, cancellationToken);
}
