namespace Humas.Bot.Institutions;

/// <summary>Reloads the host map now and then, so hosts changed in the dashboard on another instance reach this one's ingestion.</summary>
public sealed class InstitutionHostRefresher(InstitutionHostMap hosts, TimeProvider time, ILogger<InstitutionHostRefresher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(InstitutionHostMap.RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await hosts.ReloadAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The previous snapshot stays in use; the next tick tries again.
                log.LogWarning(e, "Reloading institution hosts failed");
            }
        }
    }
}
