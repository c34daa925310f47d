using Humas.Bot.Host;
using Humas.Bot.Storage.Cluster;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// Handles stored updates in update_id order, one at a time (so one chat's messages keep their order), and
/// marks each done only after its handler finished. A failing update is retried a few times and then given
/// up with its error kept in the row; an update that is not of the Bot API's shape is logged and set aside.
/// </summary>
public sealed class TelegramInboxWorker(
    TelegramInbox inbox,
    IServiceScopeFactory scopes,
    IOptions<TelegramOptions> options,
    ILeadership leadership,
    TimeProvider time,
    ILogger<TelegramInboxWorker> logger) : BackgroundService
{
    /// <summary>How long handled rows are kept for recognising redeliveries.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(3);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    public const int MaxAttempts = 5;
    private const int BatchSize = 50;
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Only the leader handles the inbox, so each update is handled once and one chat's updates stay in order,
    /// whichever instance stored them. Another instance's webhook does not wake this one: the idle wait (1 s) is
    /// the most it waits.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leadership.RunAsLeaderAsync(HandleWhileLeadingAsync, stoppingToken);

    private async Task HandleWhileLeadingAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
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
                    var pruned = await inbox.PruneAsync(time.GetUtcNow().UtcDateTime - Retention, stoppingToken);
                    logger.LogDebug("Pruned {Count} handled Telegram updates", pruned);
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
                // The database itself failed; the rows are still there, try again shortly.
                logger.LogError(e, "Reading the Telegram inbox failed");
                await inbox.WaitAsync(IdleWait, stoppingToken);
            }
        }
    }

    private async Task HandleOneAsync(TelegramInboxItem item, CancellationToken ct)
    {
        var attempts = item.Attempts + 1;
        // Read strictly (TelegramUpdateShape): a field the handlers rely on that is missing, null or of the wrong
        // type sets this one update aside with the reason, instead of reaching a handler as a null it would trip
        // over (the fault suite's fuzzer found several). Retrying cannot help, and an exception escaping here would
        // stop the inbox at this update for good.
        if (!TelegramUpdateReader.TryRead(item.Payload, out var update, out var error))
        {
            logger.LogWarning("Telegram update {UpdateId} is not of the Bot API's shape and is set aside: {Error}", item.UpdateId, error);
            await inbox.CompleteAsync(item.UpdateId, attempts, "unreadable: " + error, ct);
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TelegramUpdateHandler>().HandleAsync(update!, ct);
            await inbox.CompleteAsync(item.UpdateId, attempts, null, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            if (attempts >= MaxAttempts)
            {
                logger.LogError(e, "Telegram update {UpdateId} failed {Attempts} times and is given up", item.UpdateId, attempts);
                await inbox.CompleteAsync(item.UpdateId, attempts, e.GetType().Name + ": " + e.Message, ct);
            }
            else
            {
                logger.LogWarning(e, "Telegram update {UpdateId} failed (attempt {Attempts}); will retry", item.UpdateId, attempts);
                await inbox.RecordFailureAsync(item.UpdateId, attempts, e.GetType().Name + ": " + e.Message, ct);
            }
        }
    }
}
