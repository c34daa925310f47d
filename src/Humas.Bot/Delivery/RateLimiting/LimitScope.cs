using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Delivery.RateLimiting;

/// <summary>The windows of one thing that is limited (the bot, a conversation, a tenant) and its 429 pause.</summary>
internal sealed class LimitScope(IReadOnlyList<Rate> rates, bool evenly = false)
{
    private readonly SlidingWindowLog[] _windows = rates.Select(r => new SlidingWindowLog(r, evenly)).ToArray();

    public long PausedUntil { get; set; }

    public long WaitTicks(long now)
    {
        var wait = Math.Max(0, PausedUntil - now);
        foreach (var window in _windows)
        {
            wait = Math.Max(wait, window.WaitTicks(now));
        }

        return wait;
    }

    public void Record(long now)
    {
        foreach (var window in _windows)
        {
            window.Record(now);
        }
    }

    public void Completed(long grantedAt, long now)
    {
        foreach (var window in _windows)
        {
            window.Completed(grantedAt, now);
        }
    }

    public bool IsIdle(long now) => PausedUntil <= now && _windows.All(w => w.IsIdle(now));
}
