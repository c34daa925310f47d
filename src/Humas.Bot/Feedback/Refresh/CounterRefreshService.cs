namespace Humas.Bot.Feedback.Refresh;

/// <summary>Runs <see cref="CounterRefresher"/> every second; the due marks live in the database, so a restart resumes them.</summary>
public sealed class CounterRefreshService(CounterRefresher refresher, TimeProvider time, ILogger<CounterRefreshService> log) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await refresher.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database hiccup must not stop refreshes for good; the marks are still there next tick.
                log.LogError(e, "Counter refresh pass failed");
            }

            try
            {
                await Task.Delay(Tick, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
