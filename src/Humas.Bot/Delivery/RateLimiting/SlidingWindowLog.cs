using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Delivery.RateLimiting;

/// <summary>
/// Exactly "at most Count in any window of length Per": it remembers the times of the last Count grants.
/// A classic token bucket refilled at Count/Per would allow up to twice Count in one window (a full bucket
/// plus the refill), which is exactly the burst platforms punish with 429. Not thread-safe; the owning
/// limiter locks. Memory is the grants inside the window, so idle conversations cost nothing once trimmed.
/// </summary>
internal sealed class SlidingWindowLog(Rate rate)
{
    private readonly Queue<long> _grants = new();
    private readonly long _per = rate.Per.Ticks;

    /// <summary>Ticks until one more grant fits (0 = now).</summary>
    public long WaitTicks(long now)
    {
        Trim(now);
        return _grants.Count < rate.Count ? 0 : _grants.Peek() + _per - now;
    }

    public void Record(long now) => _grants.Enqueue(now);

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
