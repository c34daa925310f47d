namespace Humas.Bot.Delivery.RateLimiting;

/// <summary>
/// The shortest round trip of one channel's calls completed within the last one to two <c>period</c>s: two buckets
/// of one period each, so the figure follows the path as it changes and costs O(1) per call. Not thread-safe; the
/// owning limiter locks.
/// </summary>
internal sealed class ShortestRoundTrip(long period)
{
    private long _current = long.MaxValue;
    private long _previous = long.MaxValue;
    private long _currentStart = long.MinValue / 2;

    /// <summary>Records a call that took <paramref name="roundTrip"/> ticks and completed at <paramref name="now"/>.</summary>
    public void Add(long roundTrip, long now)
    {
        Rotate(now);
        _current = Math.Min(_current, Math.Max(0, roundTrip));
    }

    /// <summary>The shortest in ticks, or null when nothing completed in the last two periods.</summary>
    public long? Current(long now)
    {
        Rotate(now);
        var shortest = Math.Min(_current, _previous);
        return shortest == long.MaxValue ? null : shortest;
    }

    private void Rotate(long now)
    {
        if (now - _currentStart < period)
        {
            return;
        }

        // After two periods without a call nothing recent is left; otherwise the current bucket becomes the previous.
        _previous = now - _currentStart < 2 * period ? _current : long.MaxValue;
        _current = long.MaxValue;
        _currentStart = now;
    }
}
