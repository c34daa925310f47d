namespace Humas.Bot.Storage;

/// <summary>
/// Group commit: requests that arrive while a write is running are written together in the next one, so concurrent
/// callers (webhook requests) share one transaction instead of queueing for one each behind the SQLite write gate.
/// Each caller's task completes only when the write that holds its request has committed, with that request's own
/// result, or fails with the write's error. A batch that fails is written again one request at a time, so one bad
/// request fails alone and a real failure (the database) fails every request in it. Hand-made: no framework part
/// batches writes across callers.
/// </summary>
/// <param name="write">Writes one batch in one transaction and returns one result per request, in order.</param>
/// <param name="maxBatch">The most requests written together.</param>
/// <param name="writers">
/// The most writes running at once (1: the next batch waits for the running one). More only where the writes may run
/// side by side (PostgreSQL, each write in its own transaction); two batches may then commit in either order.
/// </param>
/// <param name="orderKey">
/// With more than one writer, the requests that must commit in arrival order (one reader's presses on one article)
/// share a key: a request whose key is in a running batch waits for that batch, and so do the requests of its key
/// behind it, while requests of other keys go ahead. Without it, requests are taken in arrival order but any two may
/// commit in either order.
/// </param>
public sealed class GroupCommit<TRequest, TResult>(
    Func<IReadOnlyList<TRequest>, CancellationToken, Task<IReadOnlyList<TResult>>> write,
    int maxBatch = 256,
    int writers = 1,
    Func<TRequest, object>? orderKey = null)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Entry> _queue = new();
    private readonly HashSet<object> _running = [];
    private int _writing;

    /// <summary>
    /// Completes once <paramref name="request"/> is committed. Cancelling stops only the wait: a request already
    /// queued may still be written, as a request whose caller went away could be anyway.
    /// </summary>
    public Task<TResult> SubmitAsync(TRequest request, CancellationToken ct)
    {
        var entry = new Entry(request, writers > 1 ? orderKey?.Invoke(request) : null);
        bool start;
        lock (_lock)
        {
            _queue.AddLast(entry);
            start = _writing < Math.Max(1, writers);
            if (start)
            {
                _writing++;
            }
        }

        if (start)
        {
            _ = Task.Run(WriteQueuedAsync, CancellationToken.None);
        }

        if (ct.CanBeCanceled)
        {
            // A caller that stopped waiting (a request aborted, the host stopping) never reads the outcome: a write
            // that then fails (the host's services already gone) must not surface as an unobserved task exception.
            _ = entry.Done.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return entry.Done.Task.WaitAsync(ct);
    }

    private async Task WriteQueuedAsync()
    {
        List<Entry> batch = [];
        while (true)
        {
            lock (_lock)
            {
                Release(batch);
                batch = Take();
                if (batch.Count == 0)
                {
                    // What is left waits for a running batch of its key, whose writer takes it next.
                    _writing--;
                    return;
                }
            }

            await WriteAsync(batch);
        }
    }

    /// <summary>
    /// The next batch, in arrival order, leaving behind the requests whose key another writer's running batch holds
    /// (this writer's own last batch is released before).
    /// </summary>
    private List<Entry> Take()
    {
        var batch = new List<Entry>();
        for (var node = _queue.First; node is not null && batch.Count < maxBatch;)
        {
            var next = node.Next;
            if (node.Value.Key is not { } key || !_running.Contains(key))
            {
                _queue.Remove(node);
                batch.Add(node.Value);
            }

            node = next;
        }

        // A key is in one running batch at most: it is taken only while no batch holds it.
        _running.UnionWith(batch.Select(e => e.Key).OfType<object>());
        return batch;
    }

    private void Release(List<Entry> batch) => _running.ExceptWith(batch.Select(e => e.Key).OfType<object>());

    private async Task WriteAsync(List<Entry> batch)
    {
        try
        {
            // Not the callers' tokens: the write serves all of them, and one leaving must not undo the others'.
            var results = await write([.. batch.Select(e => e.Request)], CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var entry in batch)
            {
                await WriteAsync([entry]);
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    private sealed class Entry(TRequest request, object? key)
    {
        public TRequest Request { get; } = request;

        /// <summary>The order key; null when any order will do.</summary>
        public object? Key { get; } = key;

        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
