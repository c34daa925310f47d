namespace Humas.Bot.Delivery.Dispatch;

/// <summary>
/// How many sends a second come back to the dispatcher, smoothed: counted over stretches of at least
/// <see cref="Sample"/> and averaged with the earlier estimate, so one slow commit does not swing the window.
/// </summary>
internal sealed class CompletionRate(TimeProvider time)
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(250);
    private readonly long _origin = time.GetTimestamp();
    private TimeSpan _since;
    private int _count;
    private double? _estimate;

    /// <summary>Counts <paramref name="completed"/> results; returns the estimate per second (null until the first stretch is over).</summary>
    public double? Add(int completed)
    {
        _count += completed;
        var now = time.GetElapsedTime(_origin);
        var elapsed = now - _since;
        if (elapsed >= Sample)
        {
            var rate = _count / elapsed.TotalSeconds;
            _estimate = _estimate is { } e ? (e + rate) / 2 : rate;
            _count = 0;
            _since = now;
        }

        return _estimate;
    }
}
