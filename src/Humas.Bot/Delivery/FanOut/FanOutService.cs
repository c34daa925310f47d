namespace Humas.Bot.Delivery.FanOut;

/// <summary>
/// Consumes published-article events into the outbox, polling because ingestion may run elsewhere; an
/// in-process publisher (the publish API) wakes it at once through <see cref="FanOutWake"/>.
/// </summary>
public sealed class FanOutService(FanOutPlanner planner, FanOutWake wake, TimeProvider time, ILogger<FanOutService> log) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await planner.PlanPendingAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The event stays unprocessed and is retried on the next round; planning is idempotent.
                log.LogError(e, "Fan-out failed; retrying");
            }

            try
            {
                await wake.WaitAsync(Idle, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
