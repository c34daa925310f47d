using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Delivery.RateLimiting;

/// <summary>
/// Exactly "at most Count in any window of length Per": it remembers the times of the last Count grants.
/// A classic token bucket refilled at Count/Per would allow up to twice Count in one window (a full bucket
/// plus the refill), which is exactly the burst platforms punish with 429. Not thread-safe; the owning
/// limiter locks. Memory is the grants inside the window, so idle conversations cost nothing once trimmed.
/// </summary>
/// <para>
/// With <paramref name="evenly"/>, grants are also spaced Per/Count apart (30/s: one every 33 ms) instead of
/// Count at once. The platform counts arrivals, not grants: after a burst of 30 granted together, their
/// arrivals spread out, and the next burst granted exactly one second later can arrive less than a second
/// after some of them. The next slot is one spacing after the actual grant, so a timer's overshoot lowers
/// the rate a little rather than bunching two sends together.
/// </para>
internal sealed class SlidingWindowLog(Rate rate, bool evenly = false)
{
    private readonly Queue<long> _grants = new();
    private readonly long _per = rate.Per.Ticks;
    private readonly long _spacing = evenly ? rate.Per.Ticks / Math.Max(1, rate.Count) : 0;
    private long _nextSlot; // ticks are counted from the limiter's creation, never negative

    /// <summary>Ticks until one more grant fits (0 = now).</summary>
    public long WaitTicks(long now)
    {
        Trim(now);
        var wait = _grants.Count < rate.Count ? 0 : _grants.Peek() + _per - now;
        return _spacing > 0 ? Math.Max(wait, _nextSlot - now) : wait;
    }

    public void Record(long now)
    {
        _grants.Enqueue(now);
        if (_spacing > 0)
        {
            // From the grant itself, not from the slot it was due in: a grant taken late does not make the next
            // one early. (Keeping the schedule instead brought back 429s: about 3% of sends, measured.)
            _nextSlot = now + _spacing;
        }
    }

    /// <summary>True when nothing in the window is remembered any more.</summary>
    public bool IsIdle(long now)
    {
        Trim(now);
        return _grants.Count == 0;
    }

    private void Trim(long now)
    {
        while (_grants.Count > 0 && _grants.Peek() + _per <= now)
        {
            _grants.Dequeue();
        }
    }
}
