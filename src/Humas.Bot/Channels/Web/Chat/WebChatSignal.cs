using System.Collections.Concurrent;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>
/// Wakes a visitor's open event streams when something was stored for them. Only a wake-up: the streams
/// read what changed from the database, so a missed signal (another instance wrote it) costs at most one
/// poll interval, never a message. The poll interval runs on <see cref="TimeProvider"/>, so tests can move it.
/// </summary>
public sealed class WebChatSignal(TimeProvider time)
{
    private readonly TimeProvider _time = time;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, SemaphoreSlim>> _listeners = new(StringComparer.Ordinal);

    public Listener Listen(string visitorId)
    {
        var set = _listeners.GetOrAdd(visitorId, _ => new());
        var id = Guid.NewGuid();
        var semaphore = new SemaphoreSlim(0, 1);
        set[id] = semaphore;
        return new Listener(this, visitorId, id, semaphore);
    }

    public void Wake(string visitorId)
    {
        if (_listeners.TryGetValue(visitorId, out var set))
        {
            foreach (var semaphore in set.Values)
            {
                try
                {
                    semaphore.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Already woken; one wake covers every change since.
                }
            }
        }
    }

    public int OpenStreams(string visitorId) => _listeners.TryGetValue(visitorId, out var set) ? set.Count : 0;

    private void Remove(string visitorId, Guid id)
    {
        if (_listeners.TryGetValue(visitorId, out var set) && set.TryRemove(id, out var semaphore))
        {
            semaphore.Dispose();
            if (set.IsEmpty)
            {
                _listeners.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Guid, SemaphoreSlim>>(visitorId, set));
            }
        }
    }

    public sealed class Listener(WebChatSignal owner, string visitorId, Guid id, SemaphoreSlim semaphore) : IDisposable
    {
        /// <summary>True when woken, false when <paramref name="timeout"/> passed first.</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
        {
            if (semaphore.Wait(0, CancellationToken.None))
            {
                return true;
            }

            using var poll = new CancellationTokenSource(timeout, owner._time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, poll.Token);
            try
            {
                await semaphore.WaitAsync(either.Token);
                return true;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return false;
            }
        }

        public void Dispose() => owner.Remove(visitorId, id);
    }
}
