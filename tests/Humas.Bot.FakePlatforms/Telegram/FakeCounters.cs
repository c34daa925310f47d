namespace Humas.Bot.FakePlatforms.Telegram;

/// <summary>Lock-free totals for benchmarks; read them at any time.</summary>
public sealed class FakeCounters
{
    private long _requests;
    private long _delivered;
    private long _tooManyRequests;
    private long _faults;

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>sendMessage and sendPhoto answered 200.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    public long TooManyRequests => Interlocked.Read(ref _tooManyRequests);

    /// <summary>Injected 5xx, timeouts and resets.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    internal void Request() => Interlocked.Increment(ref _requests);

    internal void Deliver() => Interlocked.Increment(ref _delivered);

    internal void TooMany() => Interlocked.Increment(ref _tooManyRequests);

    internal void Fault() => Interlocked.Increment(ref _faults);
}
