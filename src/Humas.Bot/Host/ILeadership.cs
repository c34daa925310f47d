namespace Humas.Bot.Host;

/// <summary>
/// Which instance does the work that must run once per deployment (long-polling Telegram, the Telegram inbox,
/// polling sources, digests, counter refreshes, tip attachments). On SQLite the process is always the leader.
/// </summary>
public interface ILeadership
{
    bool IsLeader { get; }

    /// <summary>
    /// Completes when this instance leads; the token it returns is cancelled when leadership is lost (the lock
    /// connection broke) or the host stops.
    /// </summary>
    Task<CancellationToken> WaitForLeadershipAsync(CancellationToken stopping);
}

public static class LeadershipExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> for every term this instance leads: started when elected, cancelled when
    /// deposed, started again when elected again. Returns when the host stops, or when the work ends by itself
    /// while still leading (a part that is switched off).
    /// </summary>
    public static async Task RunAsLeaderAsync(this ILeadership leadership, Func<CancellationToken, Task> work, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await leadership.WaitForLeadershipAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            using var running = CancellationTokenSource.CreateLinkedTokenSource(term, stopping);
            try
            {
                await work(running.Token);
            }
            catch (OperationCanceledException) when (running.IsCancellationRequested)
            {
                // Deposed or stopping: the loop decides.
            }

            if (!term.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
