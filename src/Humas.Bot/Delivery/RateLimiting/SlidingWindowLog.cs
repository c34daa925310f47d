using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Delivery.RateLimiting;

/// <summary>
/// Exactly "at most Count in any window of length Per": it remembers the times of the last Count grants.
/// A classic token bucket refilled at Count/Per would allow up to twice Count in one window (a full bucket
/// plus the refill), which is exactly the burst platforms punish with 429. Not thread-safe; the owning
/// limiter locks. Memory is Count timestamps; the limiter forgets idle conversations.
/// </summary>
/// <para>
/// The platform counts a call when it arrives, which is some time after our grant (the HTTP client's queue, a busy
/// thread pool): a call granted exactly one window after another could arrive inside that window and be answered
/// 429 (at 30/s on a loaded test machine, about one send in 270). So when a call completes, its timestamp moves from
/// the grant to the completion (<see cref="Completed"/>), by which time it has certainly arrived: the next grant
/// that needs its slot waits one window after its arrival at the latest. A call still in flight a whole window after
/// its grant gives its slot up (the limiter cannot wait on a hung request).
/// </para>
/// <para>
/// With <paramref name="evenly"/>, grants are also spaced Per/Count apart (30/s: one every 33 ms) instead of
/// Count at once. The platform counts arrivals, not grants: after a burst of 30 granted together, their
/// arrivals spread out, and the next burst granted exactly one second later can arrive less than a second
/// after some of them. The next slot is one spacing after the actual grant, so a timer's overshoot lowers
/// the rate a little rather than bunching two sends together.
/// </para>
/// <para>
/// Above 100/s even spacing would need a timer that fires every few milliseconds, and every overshoot of such a
/// timer would cost a slot for good (at 1000/s a 1 ms overshoot halves the rate). There grants are paced in quanta
/// of <see cref="MinQuantum"/> (10 per 10 ms at 1000/s) against an ideal timeline: the next quantum starts one
/// quantum after the previous one started, not after the late grant, unless a whole quantum went by unused. The
/// sliding window still bounds every window of length Per.
/// </para>
internal sealed class SlidingWindowLog(Rate rate, bool evenly = false)
{
    private static readonly long MinQuantum = TimeSpan.FromMilliseconds(10).Ticks;

    // The last Count grants' timestamps (or their completions'), in no order: completions reorder them.
    private readonly long[] _stamps = new long[Math.Max(1, rate.Count)];
    private int _count;
    private readonly long _per = rate.Per.Ticks;
    private readonly long _spacing = evenly ? rate.Per.Ticks / Math.Max(1, rate.Count) : 0;
    private long _nextSlot; // ticks are counted from the limiter's creation, never negative

    // Quantum pacing (evenly, spacing below MinQuantum): grants allowed per quantum, the current quantum's start, grants in it.
    private readonly int _perQuantum = evenly && rate.Count > 0 && rate.Per.Ticks / rate.Count < MinQuantum
        ? (int)Math.Max(1, rate.Count * MinQuantum / rate.Per.Ticks)
        : 0;

    private long _quantumStart = long.MinValue / 2;
    private int _inQuantum;

    /// <summary>Ticks until one more grant fits (0 = now).</summary>
    public long WaitTicks(long now)
    {
        var wait = _count < _stamps.Length ? 0 : Math.Max(0, _stamps[IndexOfOldest()] + _per - now);
        if (_perQuantum > 0)
        {
            return _inQuantum < _perQuantum || now >= _quantumStart + MinQuantum ? wait : Math.Max(wait, _quantumStart + MinQuantum - now);
        }

        return _spacing > 0 ? Math.Max(wait, _nextSlot - now) : wait;
    }

    /// <summary>Records a grant; call only when <see cref="WaitTicks"/> said 0, so the slot it takes has left the window.</summary>
    public void Record(long now)
    {
        _stamps[_count < _stamps.Length ? _count++ : IndexOfOldest()] = now;
        if (_perQuantum > 0)
        {
            if (now >= _quantumStart + MinQuantum)
            {
                // The ideal timeline: a quantum taken late does not push the next one back, an idle gap resets it.
                _quantumStart = now < _quantumStart + 2 * MinQuantum ? _quantumStart + MinQuantum : now;
                _inQuantum = 0;
            }

            _inQuantum++;
        }
        else if (_spacing > 0)
        {
            // From the grant itself, not from the slot it was due in: a grant taken late does not make the next
            // one early. (Keeping the schedule instead brought back 429s at 30/s: about 3% of sends, measured.)
            _nextSlot = now + _spacing;
        }
    }

    /// <summary>The call granted at <paramref name="grantedAt"/> has completed: it counts from <paramref name="now"/> on.</summary>
    public void Completed(long grantedAt, long now)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_stamps[i] == grantedAt)
            {
                _stamps[i] = Math.Max(grantedAt, now);
                return;
            }
        }
    }

    /// <summary>True when nothing remembered is inside the window any more.</summary>
    public bool IsIdle(long now)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_stamps[i] + _per > now)
            {
                return false;
            }
        }

        return true;
    }

    private int IndexOfOldest()
    {
        var oldest = 0;
        for (var i = 1; i < _count; i++)
        {
            if (_stamps[i] < _stamps[oldest])
            {
                oldest = i;
            }
        }

        return oldest;
    }
}
