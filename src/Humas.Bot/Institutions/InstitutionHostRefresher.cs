namespace Humas.Bot.Institutions;

/// <summary>
/// Reloads the host map and the editors' chats now and then, so hosts and chats changed in the dashboard on another
/// instance reach this one's ingestion, tips and alerts.
/// </summary>
public sealed class InstitutionHostRefresher(InstitutionHostMap hosts, InstitutionChatMap chats, TimeProvider time, ILogger<InstitutionHostRefresher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(InstitutionHostMap.RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await hosts.ReloadAsync(stoppingToken);
                await chats.ReloadAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The previous snapshot stays in use; the next tick tries again.
                log.LogWarning(e, "Reloading institution hosts or editors' chats failed");
            }
        }
    }
}
