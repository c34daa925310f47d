namespace Humas.Bot.Conversations.Inbox;

/// <summary>
/// The pauses of one streak of failures that are the database being briefly unavailable or busy
/// (<see cref="Storage.TransientStorageFailure"/>): <see cref="First"/>, doubling up to <see cref="Longest"/>.
/// The first pause is the worker's idle wait, as before; the cap keeps a reader's message at most that late once
/// the database is back, while a database down for minutes is tried about four times a minute per item, not every second.
/// The worker pauses the same shape after an item's ordinary failures (<see cref="After"/>), counted by its attempts.
/// </summary>
internal sealed class StorageBackoff(TimeProvider time)
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(15);

    private DateTimeOffset _since;

    /// <summary>Failures in this streak.</summary>
    public int Failures { get; private set; }

    /// <summary>Since the streak's first failure.</summary>
    public TimeSpan FailingFor => Failures == 0 ? TimeSpan.Zero : time.GetUtcNow() - _since;

    /// <summary>
    /// The pause after the <paramref name="failures"/>-th failure (from 1) of a streak: 1 s, 2, 4, 8, then 15 s.
    /// Stateless, so a count kept elsewhere (an item's attempts, in its row) gives the same pauses after a restart.
    /// </summary>
    public static TimeSpan After(int failures) =>
        TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << Math.Clamp(failures - 1, 0, 4)));

    /// <summary>Counts a failure and returns the pause before the next try.</summary>
    public TimeSpan Next()
    {
        if (Failures++ == 0)
        {
            _since = time.GetUtcNow();
        }

        return After(Failures);
    }

    /// <summary>The streak is over (the database answered, or the item failed otherwise).</summary>
    public void Reset()
    {
        Failures = 0;
    }
}
