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
/// thread pool, the way there): a call granted exactly one window after another could arrive inside that window and be
/// answered 429 (at 30/s on a loaded test machine, about one send in 270). So when a call completes, its timestamp
/// moves from the grant to the answer (<see cref="Completed"/>), by which time it has certainly arrived: the next
/// grant that needs its slot waits one window after its arrival at the latest. A call still in flight a whole window
/// after its grant gives its slot up (the limiter cannot wait on a hung request), and takes one again when it
/// completes after all; a grant made in between can still meet it at the platform.
/// </para>
/// <para>
/// Counting every call until its answer caps the rate at Count per (Per + round trip): 855/s of 1000/s at a 150-170 ms
/// round trip. But a far platform's round trip is mostly the way there and back, and every call takes both: an earlier
/// call's way back and a later call's way there together take about one round trip. So the limiter
/// (<see cref="ChannelRateLimiter.Completed"/>) stamps a completed call at its answer less the shortest round trip of
/// the last 15 to 30 seconds (<see cref="ChannelRateLimiter.ShortestRoundTripPeriod"/>), less the limiter's
/// <see cref="ChannelRateLimiter.Allowance"/> (<see cref="DeliveryOptions.RoundTripAllowanceMilliseconds"/>, 10 ms by
/// default) for how much the ways vary: a grant one window after that stamp still arrives one window after the earlier
/// call did. Should the ways shorten by more than the
/// allowance within that time, a send may arrive early and be answered 429, which pauses the bot for its
/// retry_after and loses nothing. Near the platform (the shortest round trip under the allowance) nothing is taken off.
/// </para>
/// <para>
/// With <paramref name="evenly"/>, grants are also paced instead of granted Count at once: the platform counts
/// arrivals, not grants, and after a burst of 30 granted together their arrivals spread out, so the next burst
/// granted exactly one second later could arrive less than a second after some of them. Pacing hands out
/// <c>perQuantum</c> grants per quantum: one per Per/Count (30/s: one every 33 ms), or above 100/s, where a timer
/// firing every millisecond or two would be all overshoot, several per <see cref="MinQuantum"/> (10 per 10 ms at
/// 1000/s).
/// </para>
/// <para>
/// The slots follow an ideal timeline: slot k is due k spacings after the timeline started, not one spacing after the
/// grant that took slot k - 1. A timer fires late by a few milliseconds on a busy machine, often by tens under load;
/// spacing each grant from the previous actual one lost every such overshoot for good (0.92 of Telegram's 30/s and
/// 0.73 of Teams' 50/s per tenant in the issue 14 runs). Behind the timeline by at most <see cref="MaxCatchUp"/> quanta, the
/// limiter catches up by granting the missed slots at once; later than that (an idle stretch, a long stall) the
/// timeline restarts from the grant, so at most MaxCatchUp + 1 quanta are ever granted back to back (4 sends at
/// 30/s, 40 at 1000/s), and after an idle stretch the timeline starts with no debt. The sliding window above still
/// bounds every window of length Per whatever the pacing does, on completion stamps, so catching up cannot put more
/// than Count arrivals into any window at the platform. (Catching up once brought back about 3% of 429s at 30/s,
/// when windows still counted from the grant; since they count from the completion it cannot.) That window counts
/// from each actual grant, so at full rate a wake-up late by L on a full window still costs L once per Count grants
/// (Count per Per + L instead of per Per + Count × L).
/// </para>
internal sealed class SlidingWindowLog(Rate rate, bool evenly = false)
{
    private static readonly long MinQuantum = TimeSpan.FromMilliseconds(10).Ticks;

    /// <summary>The most quanta of lateness the pacing makes up for at once (see the remarks).</summary>
    internal const int MaxCatchUp = 3;

    // The last Count grants' timestamps (or their completions'), in no order: completions reorder them.
    private readonly long[] _stamps = new long[Math.Max(1, rate.Count)];
    private int _count;
    private readonly long _per = rate.Per.Ticks;

    // Pacing (evenly only): the ideal spacing (0 = no pacing), how far ahead of the timeline a grant may come (the
    // rest of its quantum), the longest lateness caught up on, and the ideal time of the next grant.
    private readonly long _spacing = evenly && rate.Count > 0 ? rate.Per.Ticks / rate.Count : 0;
    private readonly long _ahead = evenly && rate.Count > 0 ? (PerQuantum(rate) - 1) * (rate.Per.Ticks / rate.Count) : 0;
    private readonly long _maxLate = evenly && rate.Count > 0 ? MaxCatchUp * PerQuantum(rate) * (rate.Per.Ticks / rate.Count) : 0;
    private long _next = long.MinValue / 2; // ticks are counted from the limiter's creation, never negative

    /// <summary>Ticks until one more grant fits (0 = now).</summary>
    public long WaitTicks(long now)
    {
        var wait = _count < _stamps.Length ? 0 : Math.Max(0, _stamps[IndexOfOldest()] + _per - now);
        // Refused once the timeline is a whole quantum ahead; then the wait is until the next slot is due, when a
        // whole quantum's grants are there at once (one timer per quantum, not one per grant).
        return _spacing > 0 && _next - _ahead > now ? Math.Max(wait, _next - now) : wait;
    }

    /// <summary>Records a grant; call only when <see cref="WaitTicks"/> said 0, so the slot it takes has left the window.</summary>
    public void Record(long now)
    {
        _stamps[_count < _stamps.Length ? _count++ : IndexOfOldest()] = now;
        if (_spacing > 0)
        {
            // The slot this grant takes is the next one on the ideal timeline, however late the grant came, so the
            // following slots are due early and the missed ones are granted at once; further behind than MaxCatchUp
            // quanta (an idle stretch, a long stall), the timeline starts again from this grant.
            _next = (now - _next > _maxLate ? now : _next) + _spacing;
        }
    }

    /// <summary>The call granted at <paramref name="grantedAt"/> has completed: it counts from <paramref name="stamp"/> on (not before its grant).</summary>
    public void Completed(long grantedAt, long stamp)
    {
        stamp = Math.Max(grantedAt, stamp);
        // From the newest: until the log is full, grants are appended, and a completing call is nearly always one of
        // the last in flight. From the oldest, a limit set far above the platform's (a few thousand stamps a second
        // kept for a whole window) made every completion read the whole log.
        for (var i = _count - 1; i >= 0; i--)
        {
            if (_stamps[i] == grantedAt)
            {
                _stamps[i] = stamp;
                return;
            }
        }

        // Its slot was given up, in flight a whole window, and a later grant took it. It has arrived all the same, so
        // it counts again from its answer, in place of the oldest stamp (the log keeps the newest Count): on a loaded
        // machine the first sends of a broadcast, held up while connections open, arrived together more than a second
        // after their grants, and the grants one window after the next sends made 31 in one second at the platform.
        if (_count < _stamps.Length)
        {
            _stamps[_count++] = stamp;
        }
        else
        {
            var oldest = IndexOfOldest();
            if (_stamps[oldest] < stamp)
            {
                _stamps[oldest] = stamp;
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

    /// <summary>Grants per quantum: one per spacing, or as many spacings as fill <see cref="MinQuantum"/> (rounded up).</summary>
    private static int PerQuantum(Rate rate) =>
        rate.Count <= 0 ? 0 : (int)Math.Max(1, ((long)rate.Count * MinQuantum + rate.Per.Ticks - 1) / rate.Per.Ticks);

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
