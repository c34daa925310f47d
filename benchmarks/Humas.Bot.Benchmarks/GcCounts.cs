namespace Humas.Bot.Benchmarks;

/// <summary>
/// The garbage collector's work so far in this process (where the measured service runs; load clients and fakes run in
/// child processes of their own): collections of each generation and the time paused for them. Two readings
/// subtracted tell a run slowed by collections from one that was not.
/// </summary>
public sealed record GcCounts(int Gen0, int Gen1, int Gen2, double PauseMilliseconds)
{
    public static GcCounts Now() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration().TotalMilliseconds);

    public static GcCounts operator -(GcCounts a, GcCounts b) =>
        new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, Math.Round(a.PauseMilliseconds - b.PauseMilliseconds, 1));
}
