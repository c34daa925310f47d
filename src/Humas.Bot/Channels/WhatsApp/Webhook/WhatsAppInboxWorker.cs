using Humas.Bot.Channels.WhatsApp.Limits;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp.Webhook;

/// <summary>
/// Handles stored webhook items in arrival order, one at a time (one reader's messages keep their order), on
/// the leader only, and marks each done after its handler finished. A failing item is retried a few times and
/// then given up with its error kept; an item not of the Cloud API's shape is set aside with the reason.
/// </summary>
public sealed class WhatsAppInboxWorker(
    WhatsAppInbox inbox,
    WhatsAppMessagingTier tier,
    IServiceScopeFactory scopes,
    IOptionsMonitor<WhatsAppOptions> options,
    ILeadership leadership,
    TimeProvider time,
    ILogger<WhatsAppInboxWorker> logger) : BackgroundService
{
    /// <summary>Meta retries a webhook for up to 7 days; a day more recognises every redelivery.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(8);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    public const int MaxAttempts = 5;
    private const int BatchSize = 50;
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leadership.RunAsLeaderAsync(HandleWhileLeadingAsync, stoppingToken);

    private async Task HandleWhileLeadingAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            return;
        }

        var nextPrune = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() >= nextPrune)
                {
                    nextPrune = time.GetUtcNow() + PruneEvery;
                    await inbox.PruneAsync(time.GetUtcNow().UtcDateTime - Retention, stoppingToken);
                    await tier.PruneAsync(stoppingToken);
                }

                var pending = await inbox.PendingAsync(BatchSize, stoppingToken);
                foreach (var item in pending)
                {
                    await HandleOneAsync(item, stoppingToken);
                }

                if (pending.Count < BatchSize)
                {
                    await inbox.WaitAsync(IdleWait, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Reading the WhatsApp inbox failed");
                await inbox.WaitAsync(IdleWait, stoppingToken);
            }
        }
    }

    private async Task HandleOneAsync(WhatsAppInboxItem item, CancellationToken ct)
    {
        var attempts = item.Attempts + 1;
        WhatsAppMessage? message = null;
        if (item.Kind == WhatsAppItemKind.Message && !WhatsAppMessageReader.TryRead(item.Payload, out message, out var error))
        {
            logger.LogWarning("WhatsApp message {Key} is not of the Cloud API's shape and is set aside: {Error}", item.Key, error);
            await inbox.CompleteAsync(item.Id, attempts, "unreadable: " + error, ct);
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (message is not null)
            {
                await scope.ServiceProvider.GetRequiredService<WhatsAppMessageHandler>().HandleAsync(message, ct);
            }
            else
            {
                await scope.ServiceProvider.GetRequiredService<WhatsAppStatusHandler>().HandleAsync(item, ct);
            }

            await inbox.CompleteAsync(item.Id, attempts, null, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var reason = e.GetType().Name + ": " + e.Message;
            if (attempts >= MaxAttempts)
            {
                logger.LogError(e, "WhatsApp item {Key} failed {Attempts} times and is given up", item.Key, attempts);
                await inbox.CompleteAsync(item.Id, attempts, reason, ct);
            }
            else
            {
                logger.LogWarning(e, "WhatsApp item {Key} failed (attempt {Attempts}); will retry", item.Key, attempts);
                await inbox.RecordFailureAsync(item.Id, attempts, reason, ct);
            }
        }
    }
}
