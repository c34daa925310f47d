namespace Humas.Bot.Benchmarks;

/// <summary>
/// The garbage collector's work over a measured window of a verb whose service runs in this process (its load clients
/// and fakes run in child processes of their own): collections of each generation, the time the process was paused
/// for them and the bytes allocated per unit, to tell a run slowed by collections from one that was not.
/// </summary>
public sealed class GcWindow
{
    private readonly int _gen0 = GC.CollectionCount(0);
    private readonly int _gen1 = GC.CollectionCount(1);
    private readonly int _gen2 = GC.CollectionCount(2);
    private readonly TimeSpan _paused = GC.GetTotalPauseDuration();
    private readonly long _allocated = GC.GetTotalAllocatedBytes();

    public object Stop(int units) => new
    {
        Gen0 = GC.CollectionCount(0) - _gen0,
        Gen1 = GC.CollectionCount(1) - _gen1,
        Gen2 = GC.CollectionCount(2) - _gen2,
        PausedMs = Math.Round((GC.GetTotalPauseDuration() - _paused).TotalMilliseconds),
        AllocatedBytesPerUnit = (GC.GetTotalAllocatedBytes() - _allocated) / Math.Max(1, units),
        Server = System.Runtime.GCSettings.IsServerGC,
    };
}
