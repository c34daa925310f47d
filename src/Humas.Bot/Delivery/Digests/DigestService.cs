namespace Humas.Bot.Delivery.Digests;

/// <summary>Checks for due digests every minute; digest hours are whole hours, so a minute is early enough.</summary>
public sealed class DigestService(DigestPlanner planner, TimeProvider time, ILogger<DigestService> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await planner.PlanDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Digest planning failed; retrying in a minute");
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
