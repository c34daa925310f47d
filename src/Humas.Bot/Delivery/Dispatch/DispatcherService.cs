using Microsoft.Extensions.Options;

namespace Humas.Bot.Delivery.Dispatch;

/// <summary>
/// Runs the dispatcher continuously while there is work (leasing, sending and recording overlap); when there is none it waits for <see cref="DispatchWake"/>
/// (new deliveries committed in this process, or on PostgreSQL by another instance's fan-out) or its idle poll (retries
/// coming due, rows whose wake was lost).
/// </summary>
public sealed class DispatcherService(
    DeliveryDispatcher dispatcher,
    DispatchWake wake,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DispatcherService> log) : BackgroundService
{
    private static readonly TimeSpan DepthRefresh = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastDepth = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var leased = 0;
            try
            {
                leased = await dispatcher.RunContinuouslyAsync(stoppingToken);
                if (time.GetUtcNow() - lastDepth > DepthRefresh)
                {
                    await dispatcher.RefreshQueueDepthAsync(stoppingToken);
                    lastDepth = time.GetUtcNow();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Leased rows come back to the queue when their lease expires.
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Dispatch pass failed; retrying");
            }

            if (leased == 0)
            {
                try
                {
                    await wake.WaitAsync(TimeSpan.FromMilliseconds(options.Value.IdlePollMilliseconds), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
