
namespace Humas.Bot.Host;

/// <summary>
/// A hosted loop that runs one round of durable work, then waits. A failed round is logged and the next
/// one retries: the work's state lives in the database, so nothing is lost between rounds, and a crash or
/// shutdown only interrupts a round that is safe to repeat.
/// </summary>
public abstract class RecurringWorker(TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The pause between rounds.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>A short description for the error log ("fan-out", "digest planning").</summary>
    protected abstract string Activity { get; }

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Set by work that must run in one instance only (<see cref="ILeadership"/>): the rounds then
    /// run only while this instance leads. Null (the default): every instance runs them.
    /// </summary>
    protected virtual ILeadership? Leadership => null;

    /// <summary>Waits for the next round; a worker that can be woken early (a signal) overrides this.</summary>
    protected virtual Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(Interval, time, cancellationToken);

    protected sealed override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Leadership is { } leadership ? leadership.RunAsLeaderAsync(RunRoundsAsync, stoppingToken) : RunRoundsAsync(stoppingToken);

    private async Task RunRoundsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "{Activity} failed; retrying in {Interval}", Activity, Interval);
            }

            try
            {
                await WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
