namespace Humas.Bot.FakePlatforms.Telegram;

/// <summary>Lock-free totals for benchmarks; read them at any time.</summary>
public sealed class FakeCounters
{
    private long _requests;
    private long _delivered;
    private long _tooManyRequests;
    private long _faults;
    private long _inFlight;

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>sendMessage and sendPhoto answered 200.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    public long TooManyRequests => Interlocked.Read(ref _tooManyRequests);

    /// <summary>Injected 5xx, timeouts and resets.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>
    /// Requests arrived and not yet finished (waiting out a played round trip, or being handled): 0 means every request
    /// so far is in the log, as after a client was killed and the fake has seen its connections go.
    /// </summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    internal void Request() => Interlocked.Increment(ref _requests);

    internal void Begin() => Interlocked.Increment(ref _inFlight);

    internal void End() => Interlocked.Decrement(ref _inFlight);

    internal void Deliver() => Interlocked.Increment(ref _delivered);

    internal void TooMany() => Interlocked.Increment(ref _tooManyRequests);

    internal void Fault() => Interlocked.Increment(ref _faults);
}
