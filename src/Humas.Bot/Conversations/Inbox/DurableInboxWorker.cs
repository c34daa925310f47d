using System.Diagnostics;
using Humas.Bot.Host;
using Humas.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Conversations.Inbox;

/// <summary>
/// Handles a channel's stored items on the leader only, and marks each done only after its handler finished, so a
/// restart handles again whatever was not finished. One chat's items are handled one at a time in arrival order;
/// different chats are handled side by side (at most <see cref="InboxOptions.Concurrency"/> at once), so a reader's
/// press is not queued behind every earlier update of other chats. An item that belongs to no one chat is handled
/// alone. The order holds across failures: a failing item waits in its place with growing pauses, its chat's later
/// items behind it (an item of no one chat: every item behind it), and is tried again there. Each of its failures
/// counts an attempt, written to its row, and after <see cref="MaxAttempts"/> it is given up with its error kept and
/// its chat goes on; unless what failed is the database being briefly unavailable or busy, which counts no attempt:
/// the item is then given up only when the database has failed it for <see cref="StorageFailureBudget"/>.
/// An item not of the platform's shape is set aside with the reason. The same for every channel: the channel brings its
/// <see cref="DurableInbox{TItem}"/> and its <see cref="IInboxHandler{TItem}"/>.
/// </summary>
public sealed class DurableInboxWorker<TItem>(
    DurableInbox<TItem> inbox,
    IServiceScopeFactory scopes,
    InboxTracing tracing,
    ILeadership leadership,
    IOptions<InboxOptions> options,
    TimeProvider time,
    ILogger<DurableInboxWorker<TItem>> logger) : BackgroundService
    where TItem : InboxItem
{
    public const int MaxAttempts = 5;

    /// <summary>
    /// How long one item's tries may fail in a row on the database being briefly unavailable or busy before it is
    /// given up; such tries count no attempt. Not unbounded: a try that fails so every time while the database
    /// takes the give-up's write (a statement of this item that always times out, a deadlock it always meets) would
    /// otherwise hold its chat for good. 15 minutes outlasts a PostgreSQL restart or failover and any SQLite lock
    /// the service takes; when the database is down for longer the give-up's own write fails too, so the row stays
    /// pending and is read and tried again once the database is back (a restart of the process starts a new budget).
    /// </summary>
    public static readonly TimeSpan StorageFailureBudget = TimeSpan.FromMinutes(15);
    private const int BatchSize = 50;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    /// <summary>How long a worker with its hands full waits for progress, or after a failed read, before it looks again.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Only the leader handles the inbox, so each item is handled once and one chat's items stay in order,
    /// whichever instance stored them. Another instance's webhook wakes this one through the cluster's listener
    /// (PostgreSQL); when that wake is lost, the idle wait (<see cref="InboxOptions.IdleWaitSeconds"/>) is the most it waits.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leadership.RunAsLeaderAsync(HandleWhileLeadingAsync, stoppingToken);

    private async Task HandleWhileLeadingAsync(CancellationToken stoppingToken)
    {
        if (!inbox.Enabled)
        {
            return;
        }

        var concurrency = options.Value.Concurrency;
        var idleWait = TimeSpan.FromSeconds(options.Value.IdleWaitSeconds);
        // Items read but not finished (queued behind their chat's earlier ones, or being handled). Bounded so a
        // backlog stays in the database, not in memory, and the list of rows to skip stays short.
        var maxInHand = Math.Max(BatchSize, 4 * concurrency);
        // A read only with room for a quarter of that (a batch at most): with its hands full the worker read again as
        // each item finished, a poll (its list of the items in hand included) for one or two rows, many times a second
        // in a burst. Three quarters of maxInHand stay queued in the lanes while the room frees up.
        var readAt = Math.Min(BatchSize, maxInHand / 4);
        var lanes = new ChatLanes(inbox, HandleOneAsync, time, logger, concurrency, stoppingToken);
        var readFailures = new StorageBackoff(time);
        var nextPrune = time.GetUtcNow();
        var pruning = Task.CompletedTask;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (time.GetUtcNow() >= nextPrune && pruning.IsCompleted)
                    {
                        nextPrune = time.GetUtcNow() + PruneEvery;
                        pruning = PruneAsync(stoppingToken);
                    }

                    var room = Math.Min(BatchSize, maxInHand - lanes.InHandCount);
                    if (room < readAt)
                    {
                        await lanes.WaitForProgressAsync(Recheck, stoppingToken);
                        continue;
                    }

                    var pending = await inbox.PendingAsync(room, lanes.InHand(), stoppingToken);
                    readFailures.Reset();
                    foreach (var item in pending)
                    {
                        if (inbox.ChatOf(item) is { } chat)
                        {
                            lanes.Add(chat, item);
                        }
                        else
                        {
                            // Belongs to no one chat: nothing else may be in progress while it is handled, nor start
                            // before it is (it may concern two chats, a group's migration): its pauses after a failure
                            // hold the whole inbox, at most 1 + 2 + 4 + 8 s for failures of its own.
                            await lanes.IdleAsync();
                            await await HandleOneAsync(item, null, stoppingToken);
                        }
                    }

                    if (pending.Count < room)
                    {
                        // Caught up. A failed item is not waited for here: it pauses in its lane (HandleOneAsync).
                        await inbox.WaitAsync(idleWait, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (TransientStorageFailure.Is(e))
                {
                    // The database is briefly unavailable or busy; the rows are still there. Read again after a growing
                    // pause (a new row stored in this process ends it early: the database takes writes again), logged
                    // once per pause rather than every second.
                    var pause = readFailures.Next();
                    logger.LogWarning(
                        readFailures.Failures == 1 ? e : null,
                        "Reading the {Inbox} inbox failed on the database ({Failures} in a row, for {FailingFor}): {Error}; reading again in {RetryIn}",
                        inbox.Name, readFailures.Failures, readFailures.FailingFor, e.Message, pause);
                    await inbox.WaitAsync(pause, stoppingToken);
                }
                catch (Exception e)
                {
                    // The database itself failed; the rows are still there, try again shortly.
                    logger.LogError(e, "Reading the {Inbox} inbox failed", inbox.Name);
                    await inbox.WaitAsync(Recheck, stoppingToken);
                }
            }
        }
        finally
        {
            // Leadership ends (or the host stops) only once nothing is being handled here any more.
            await lanes.IdleAsync();
            await pruning;
        }
    }

    /// <summary>
    /// The clean-up, beside the handling rather than in its loop: its batches each wait their turn at the SQLite write
    /// gate, and the polls must not wait with them (the inbox would stand still for the whole clean-up).
    /// </summary>
    private async Task PruneAsync(CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await inbox.PruneAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The rows stay; the next round (in an hour) tries again.
            logger.LogError(e, "Pruning the {Inbox} inbox failed", inbox.Name);
        }
    }

    /// <summary>
    /// Handles <paramref name="item"/> until it has an outcome (handled, set aside or given up); returns the writing of
    /// that outcome (see <see cref="ChatLanes"/>). A try that fails pauses the item and it is tried again: after a
    /// failure of the database being briefly unavailable or busy, counting no attempt, by <see cref="StorageBackoff"/>;
    /// after any other failure, once the attempt is written to its row, by <see cref="StorageBackoff.After"/> its
    /// attempts (1 s, 2, 4, 8; the fifth is given up). It pauses in hand, so no poll reads it and its chat's later items
    /// stay queued behind it, and without one of <paramref name="slots"/>, so other chats go on. A try that succeeds
    /// returns at once, as it did before failures paused.
    /// </summary>
    private async Task<Task> HandleOneAsync(TItem item, SemaphoreSlim? slots, CancellationToken ct)
    {
        var backoff = new StorageBackoff(time);
        while (true)
        {
            if (slots is not null)
            {
                await slots.WaitAsync(ct);
            }

            Tried tried;
            try
            {
                tried = await TryOnceAsync(item, backoff, ct);
            }
            finally
            {
                slots?.Release();
            }

            if (tried.Outcome is { } written)
            {
                return written;
            }

            if (tried.Attempt is { } recording)
            {
                await RecordedAsync(item, recording, ct);
            }

            await Task.Delay(tried.Pause, time, ct);
        }
    }

    /// <summary>
    /// Waits for a failed attempt's write, before the pause: a restart then finds the count, and gives the item only
    /// the attempts it has left. When the write fails the item stays in hand all the same, counting on in memory
    /// (<see cref="TryOnceAsync"/> raised <see cref="InboxItem.Attempts"/>), and its chat's later items stay behind it:
    /// forgotten, it would be read again by a later poll and queued behind them. Its next write (an attempt, its
    /// outcome) writes the whole count; only a restart before one succeeds gives it back the attempts not written.
    /// </summary>
    private async Task RecordedAsync(TItem item, Task recording, CancellationToken ct)
    {
        try
        {
            await recording;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(
                e, "Recording attempt {Attempts} of {Inbox} {Item} failed; it stays in its chat's place and is tried again, the row keeping its earlier count",
                item.Attempts, inbox.Name, inbox.Describe(item));
        }
    }

    /// <summary>One try of <paramref name="item"/>: the writing of its outcome, or the pause before the next try.</summary>
    private async Task<Tried> TryOnceAsync(TItem item, StorageBackoff backoff, CancellationToken ct)
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
                return new(inbox.CompleteAsync(item, attempts, "unreadable: " + unreadable, ct));
            }

            activity?.SetTag("humas.outcome", "Handled");
            return new(inbox.CompleteAsync(item, attempts, null, ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var reason = e.GetType().Name + ": " + e.Message;
            activity?.SetStatus(ActivityStatusCode.Error, reason);
            if (TransientStorageFailure.Is(e))
            {
                var pause = backoff.Next();
                if (backoff.FailingFor < StorageFailureBudget)
                {
                    // Once per pause, the exception's trace only with the streak's first.
                    logger.LogWarning(
                        backoff.Failures == 1 ? e : null,
                        "{Inbox} {Item} failed on the database ({Failures} in a row, for {FailingFor}): {Error}; trying again in {RetryIn}, not counted as an attempt",
                        inbox.Name, name, backoff.Failures, backoff.FailingFor, reason, pause);
                    activity?.SetTag("humas.outcome", "Backoff");
                    return new(null, pause);
                }

                logger.LogError(e, "{Inbox} {Item} failed on the database {Failures} times in a row over {FailingFor} and is given up", inbox.Name, name, backoff.Failures, backoff.FailingFor);
                activity?.SetTag("humas.outcome", "GaveUp");
                return new(inbox.CompleteAsync(item, attempts, reason, ct));
            }

            // A failure of the item's own ends any streak of the database's: the budget is for failures in a row.
            backoff.Reset();
            if (attempts >= MaxAttempts)
            {
                logger.LogError(e, "{Inbox} {Item} failed {Attempts} times and is given up", inbox.Name, name, attempts);
                activity?.SetTag("humas.outcome", "GaveUp");
                return new(inbox.CompleteAsync(item, attempts, reason, ct));
            }

            var retryIn = StorageBackoff.After(attempts);
            logger.LogWarning(e, "{Inbox} {Item} failed (attempt {Attempts}); will retry in {RetryIn}, its chat's later items waiting", inbox.Name, name, attempts, retryIn);
            activity?.SetTag("humas.outcome", "Retry");
            var recording = inbox.RecordFailureAsync(item, attempts, reason, ct);
            // The next try's count, as the row will have it (read again, the row would bring it).
            item.Attempts = attempts;
            item.LastError = InboxErrors.Truncate(reason);
            return new(null, retryIn, recording);
        }
    }

    /// <summary>
    /// What one try came to: the writing of the item's outcome, or (when null) the pause before the next try and, after
    /// a failure that counts an attempt, the writing of that attempt.
    /// </summary>
    private readonly record struct Tried(Task? Outcome, TimeSpan Pause = default, Task? Attempt = null);

    /// <summary>
    /// One queue per chat with items in hand, each drained by its own task one item at a time; the tasks share
    /// <c>concurrency</c> slots. Hand-made because no framework part keeps per-key order with a global bound
    /// (a Channel per chat would still need this bookkeeping to start and retire its reader).
    /// <para>
    /// A chat's next item is handled once the one before is handled, without waiting for that one's outcome to be
    /// written: the item stays in hand (not read again) until it is. Written in group commits, outcomes then go
    /// many at a time instead of one lane's at a time, and on SQLite the lanes' votes and outcomes take fewer turns
    /// at the one writer. Nothing is lost: an outcome that fails to be written leaves its row pending, to be read
    /// and handled again, as when the process stops between handling and writing.
    /// </para>
    /// </summary>
    private sealed class ChatLanes(
        DurableInbox<TItem> inbox, Func<TItem, SemaphoreSlim, CancellationToken, Task<Task>> handle, TimeProvider time, ILogger logger, int concurrency, CancellationToken ct)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, Queue<TItem>> _queues = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TItem> _inHand = new(StringComparer.Ordinal);
        private readonly HashSet<Task> _running = [];
        private readonly SemaphoreSlim _slots = new(concurrency, concurrency);
        private readonly Progress _progress = new();

        public int InHandCount
        {
            get
            {
                lock (_lock)
                {
                    return _inHand.Count;
                }
            }
        }

        public IReadOnlyCollection<TItem> InHand()
        {
            lock (_lock)
            {
                return [.. _inHand.Values];
            }
        }

        /// <summary>Queues <paramref name="item"/> behind its chat's earlier items, starting the chat's task if it has none.</summary>
        public void Add(string chat, TItem item)
        {
            var key = inbox.Describe(item);
            lock (_lock)
            {
                if (!_inHand.TryAdd(key, item))
                {
                    return;
                }

                if (_queues.TryGetValue(chat, out var queue))
                {
                    queue.Enqueue(item);
                    return;
                }

                _queues[chat] = new Queue<TItem>([item]);
                _running.RemoveWhere(t => t.IsCompleted);
                _running.Add(Task.Run(() => DrainAsync(chat), CancellationToken.None));
            }
        }

        /// <summary>Waits until no chat has anything in progress or queued.</summary>
        public async Task IdleAsync()
        {
            while (true)
            {
                Task[] running;
                lock (_lock)
                {
                    _running.RemoveWhere(t => t.IsCompleted);
                    running = [.. _running];
                }

                if (running.Length == 0)
                {
                    return;
                }

                await Task.WhenAll(running);
            }
        }

        /// <summary>Waits until some item is finished or <paramref name="timeout"/> passes.</summary>
        public Task WaitForProgressAsync(TimeSpan timeout, CancellationToken stop) => _progress.WaitAsync(timeout, time, stop);

        private async Task DrainAsync(string chat)
        {
            while (true)
            {
                TItem item;
                lock (_lock)
                {
                    // Retired under the lock that Add checks, so a new item either joins this queue or starts a new task.
                    if (!_queues[chat].TryDequeue(out item!))
                    {
                        _queues.Remove(chat);
                        return;
                    }
                }

                Task written;
                try
                {
                    // Takes one of the slots for each try (not for the pauses between them).
                    written = await handle(item, _slots, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    Forget(item);
                    return;
                }
                catch (Exception e)
                {
                    // Not even the outcome's write could be started (the database): the row is still pending and is read again.
                    logger.LogError(e, "Finishing {Inbox} {Item} failed; it stays in the inbox", inbox.Name, inbox.Describe(item));
                    Forget(item);
                    continue;
                }

                lock (_lock)
                {
                    _running.Add(FinishAsync(item, written));
                }
            }
        }

        /// <summary>Keeps <paramref name="item"/> in hand until its outcome is written (or failed to be: its row is then read again).</summary>
        private async Task FinishAsync(TItem item, Task written)
        {
            try
            {
                await written;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                // Recording the outcome failed (the database): the row is still pending and is read again.
                logger.LogError(e, "Finishing {Inbox} {Item} failed; it stays in the inbox", inbox.Name, inbox.Describe(item));
            }
            finally
            {
                Forget(item);
            }
        }

        private void Forget(TItem item)
        {
            lock (_lock)
            {
                _inHand.Remove(inbox.Describe(item));
            }

            _progress.Wake();
        }

        private sealed class Progress : WorkSignal;
    }
}
