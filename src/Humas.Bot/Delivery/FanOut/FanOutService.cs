using Humas.Bot.Host;

namespace Humas.Bot.Delivery.FanOut;

/// <summary>
/// Consumes published-article events into the outbox, polling because ingestion may run elsewhere. A failed
/// round leaves the event unprocessed; planning is idempotent, so the next round simply retries it.
/// </summary>
public sealed class FanOutService(FanOutPlanner planner, TimeProvider time, ILogger<FanOutService> log)
    : RecurringWorker(time, log)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override string Activity => "Fan-out";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => planner.PlanPendingAsync(cancellationToken);
}
