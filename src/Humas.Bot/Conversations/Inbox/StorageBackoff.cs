namespace Humas.Bot.Conversations.Inbox;

/// <summary>
/// The pauses of one streak of failures that are the database being briefly unavailable or busy
/// (<see cref="Storage.TransientStorageFailure"/>): <see cref="First"/>, doubling up to <see cref="Longest"/>.
/// The first pause is the worker's idle wait, as before; the cap keeps a reader's message at most that late once
/// the database is back, while a database down for minutes is tried about four times a minute per item, not every second.
/// </summary>
internal sealed class StorageBackoff(TimeProvider time)
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(15);

    private DateTimeOffset _since;
    private TimeSpan _next = First;

    /// <summary>Failures in this streak.</summary>
    public int Failures { get; private set; }

    /// <summary>Since the streak's first failure.</summary>
    public TimeSpan FailingFor => Failures == 0 ? TimeSpan.Zero : time.GetUtcNow() - _since;

    /// <summary>Counts a failure and returns the pause before the next try.</summary>
    public TimeSpan Next()
    {
        if (Failures++ == 0)
        {
            _since = time.GetUtcNow();
        }

        var pause = _next;
        _next = _next * 2 < Longest ? _next * 2 : Longest;
        return pause;
    }

    /// <summary>The streak is over (the database answered).</summary>
    public void Reset()
    {
        Failures = 0;
        _next = First;
    }
}
