namespace Humas.Bot.Delivery.RateLimiting;

/// <summary>
/// The shortest round trip of one channel's calls completed within the last one to two <c>period</c>s: two buckets
/// of one period each, so the figure follows the path as it changes and costs O(1) per call. Not thread-safe; the
/// owning limiter locks.
/// </summary>
internal sealed class ShortestRoundTrip(long period)
{
    /// <summary>
    /// Calls needed in the two periods before a figure is given. The first calls of a burst wait for connections to
    /// open (hundreds of milliseconds on a loaded machine) before they leave at all; taken alone as the shortest
    /// round trip, that wait was taken off their answers as if it had been the way back, so their slots were counted
    /// from before they arrived, and the sends one window later made 31 in a second at the platform. Among 32 calls,
    /// some went on an open connection. At 30/s that is the first second; at 1000/s, the first 32 ms.
    /// </summary>
    internal const int MinCalls = 32;

    private long _current = long.MaxValue;
    private long _previous = long.MaxValue;
    private int _currentCalls;
    private int _previousCalls;
    private long _currentStart = long.MinValue / 2;

    /// <summary>Records a call that took <paramref name="roundTrip"/> ticks and completed at <paramref name="now"/>.</summary>
    public void Add(long roundTrip, long now)
    {
        Rotate(now);
        _current = Math.Min(_current, Math.Max(0, roundTrip));
        _currentCalls++;
    }

    /// <summary>The shortest in ticks, or null when fewer than <see cref="MinCalls"/> completed in the last two periods.</summary>
    public long? Current(long now)
    {
        Rotate(now);
        return _currentCalls + _previousCalls < MinCalls ? null : Math.Min(_current, _previous);
    }

    private void Rotate(long now)
    {
        if (now - _currentStart < period)
        {
            return;
        }

        // After two periods without a call nothing recent is left; otherwise the current bucket becomes the previous.
        var recent = now - _currentStart < 2 * period;
        _previous = recent ? _current : long.MaxValue;
        _previousCalls = recent ? _currentCalls : 0;
        _current = long.MaxValue;
        _currentCalls = 0;
        _currentStart = now;
    }
}
