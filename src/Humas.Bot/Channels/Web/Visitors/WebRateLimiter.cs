using System.Collections.Concurrent;

namespace Humas.Bot.Channels.Web.Visitors;

/// <summary>
/// Fixed-window counters per key ("vote:visitor:…", "vote:ip:…"), on <see cref="TimeProvider"/> so tests
/// control the clock. In memory and per instance: it shields this process from a flood; the one-vote rule
/// itself is in the database. Expired windows are swept when the table grows.
/// </summary>
public sealed class WebRateLimiter(TimeProvider time)
{
    private const int SweepAbove = 50_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    private sealed class Window(DateTimeOffset start, TimeSpan per)
    {
        public DateTimeOffset Start { get; } = start;
        public TimeSpan Per { get; } = per;
        public int Count;
    }

    /// <summary>Counts one request against <paramref name="key"/>; null when allowed, else how long until the window ends.</summary>
    public TimeSpan? TryAcquire(string key, int limit, TimeSpan per)
    {
        var now = time.GetUtcNow();
        if (_windows.Count > SweepAbove)
        {
            Sweep(now);
        }

        while (true)
        {
            var window = _windows.GetOrAdd(key, _ => new Window(now, per));
            if (now - window.Start >= per)
            {
                // Replace only the window we looked at, so two callers at the boundary do not both reset it.
                if (!_windows.TryUpdate(key, new Window(now, per), window))
                {
                    continue;
                }

                window = _windows[key];
            }

            if (Interlocked.Increment(ref window.Count) <= limit)
            {
                return null;
            }

            var retry = window.Start + per - now;
            return retry > TimeSpan.Zero ? retry : TimeSpan.FromSeconds(1);
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, window) in _windows)
        {
            if (now - window.Start >= window.Per)
            {
                _windows.TryRemove(new KeyValuePair<string, Window>(key, window));
            }
        }
    }
}
