using System.Diagnostics;
using Humas.Bot.Host;

namespace Humas.Bot.Conversations.Inbox;

/// <summary>
/// Handles a channel's stored items in arrival order, one at a time (so one chat's messages keep their order), on
/// the leader only, and marks each done only after its handler finished. A failing item is retried a few times
/// and then given up with its error kept in the row; an item not of the platform's shape is set aside with the
/// reason. The same for every channel: the channel brings its <see cref="DurableInbox{TItem}"/> and its
/// <see cref="IInboxHandler{TItem}"/>.
/// </summary>
public sealed class DurableInboxWorker<TItem>(
    DurableInbox<TItem> inbox,
    IServiceScopeFactory scopes,
    InboxTracing tracing,
    ILeadership leadership,
    TimeProvider time,
    ILogger<DurableInboxWorker<TItem>> logger) : BackgroundService
    where TItem : InboxItem
{
    public const int MaxAttempts = 5;
    private const int BatchSize = 50;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Only the leader handles the inbox, so each item is handled once and one chat's items stay in order,
    /// whichever instance stored them. Another instance's webhook does not wake this one: the idle wait (1 s) is
    /// the most it waits.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leadership.RunAsLeaderAsync(HandleWhileLeadingAsync, stoppingToken);

    private async Task HandleWhileLeadingAsync(CancellationToken stoppingToken)
    {
        if (!inbox.Enabled)
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
                    await inbox.PruneAsync(stoppingToken);
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
                logger.LogError(e, "Reading the {Inbox} inbox failed", inbox.Name);
                await inbox.WaitAsync(IdleWait, stoppingToken);
            }
        }
    }

    private async Task HandleOneAsync(TItem item, CancellationToken ct)
    {
        var attempts = item.Attempts + 1;
        var name = inbox.Describe(item);
        using var activity = tracing.StartHandling(inbox.Name, name, attempts, item.TraceParent);
        try
        {
            string? unreadable;
            await using (var scope = scopes.CreateAsyncScope())
            {
                unreadable = await scope.ServiceProvider.GetRequiredService<IInboxHandler<TItem>>().HandleAsync(item, ct);
            }

            if (unreadable is not null)
            {
                // Retrying cannot help, and an exception escaping here would stop the inbox at this item for good.
                logger.LogWarning("{Inbox} {Item} is not of the platform's shape and is set aside: {Error}", inbox.Name, name, unreadable);
                activity?.SetTag("humas.outcome", "SetAside");
                await inbox.CompleteAsync(item, attempts, "unreadable: " + unreadable, ct);
                return;
            }

            activity?.SetTag("humas.outcome", "Handled");
            await inbox.CompleteAsync(item, attempts, null, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var reason = e.GetType().Name + ": " + e.Message;
            activity?.SetStatus(ActivityStatusCode.Error, reason);
            if (attempts >= MaxAttempts)
            {
                logger.LogError(e, "{Inbox} {Item} failed {Attempts} times and is given up", inbox.Name, name, attempts);
                activity?.SetTag("humas.outcome", "GaveUp");
                await inbox.CompleteAsync(item, attempts, reason, ct);
            }
            else
            {
                logger.LogWarning(e, "{Inbox} {Item} failed (attempt {Attempts}); will retry", inbox.Name, name, attempts);
                activity?.SetTag("humas.outcome", "Retry");
                await inbox.RecordFailureAsync(item, attempts, reason, ct);
            }
        }
    }
}
