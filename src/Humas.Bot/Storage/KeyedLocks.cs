namespace Humas.Bot.Storage;

/// <summary>
/// One async lock per key for read-then-write work that must not interleave inside this process, such as one
/// author's tip inputs arriving in parallel from Teams or the web chat (Telegram's inbox is already sequential).
/// Without it the inputs race on the draft's version and retry; under a burst the retries ran out. Another
/// instance is still caught by the draft's concurrency token. A key's entry lives only while someone holds or
/// waits for it.
/// </summary>
public sealed class KeyedLocks
{
    private readonly Dictionary<string, Entry> _entries = [];

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken ct)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                _entries[key] = entry;
            }

            entry.Users++;
        }

        try
        {
            await entry.Gate.WaitAsync(ct);
        }
        catch
        {
            Leave(key, entry, held: false);
            throw;
        }

        return new Holder(() => Leave(key, entry, held: true));
    }

    private void Leave(string key, Entry entry, bool held)
    {
        lock (_entries)
        {
            if (held)
            {
                entry.Gate.Release();
            }

            if (--entry.Users == 0)
            {
                _entries.Remove(key);
                entry.Gate.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Holder(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
