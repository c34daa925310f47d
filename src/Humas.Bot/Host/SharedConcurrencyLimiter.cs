using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Humas.Bot.Host;

/// <summary>
/// One client's open requests, at most this instance's share of <c>limit</c> (<see cref="HttpRateLimits.Share"/>)
/// with the number of live instances read at every acquisition; no queue, like the rest. Hand-made because the
/// framework's <see cref="ConcurrencyLimiter"/> fixes its permit limit when its partition is made, and a partition
/// keyed by the share's N (as the windows are) would forget the streams already open when N changes: a client
/// could hold its old share and open a new one beside it. Here the open ones keep counting: when N grows past
/// what a client holds, it opens nothing more until enough of them close (none is cut).
/// </summary>
internal sealed class SharedConcurrencyLimiter(int limit, Func<int> instances) : RateLimiter
{
    private static readonly RateLimitLease Refused = new Lease(null, 0);
    private static readonly RateLimitLease Nothing = new Lease(null, 0, acquired: true);

    private int _held;
    private long _idleSince = Stopwatch.GetTimestamp();
    private long _granted;
    private long _refused;

    /// <summary>How long nothing has been held (the partitioned limiter drops partitions idle for a while), null while something is.</summary>
    public override TimeSpan? IdleDuration =>
        Volatile.Read(ref _held) == 0 ? Stopwatch.GetElapsedTime(Volatile.Read(ref _idleSince)) : null;

    public override RateLimiterStatistics GetStatistics() => new()
    {
        CurrentAvailablePermits = Math.Max(0, HttpRateLimits.Share(limit, instances()) - Volatile.Read(ref _held)),
        CurrentQueuedCount = 0,
        TotalFailedLeases = Interlocked.Read(ref _refused),
        TotalSuccessfulLeases = Interlocked.Read(ref _granted),
    };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        var share = HttpRateLimits.Share(limit, instances());
        while (true)
        {
            var held = Volatile.Read(ref _held);
            if (held + permitCount > share)
            {
                Interlocked.Increment(ref _refused);
                return Refused;
            }

            if (permitCount == 0)
            {
                // A probe: room is left, nothing is taken.
                return Nothing;
            }

            if (Interlocked.CompareExchange(ref _held, held + permitCount, held) == held)
            {
                Interlocked.Increment(ref _granted);
                return new Lease(this, permitCount, acquired: true);
            }
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Release(int count)
    {
        if (Interlocked.Add(ref _held, -count) == 0)
        {
            Volatile.Write(ref _idleSince, Stopwatch.GetTimestamp());
        }
    }

    private sealed class Lease(SharedConcurrencyLimiter? owner, int count, bool acquired = false) : RateLimitLease
    {
        private int _released;

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (owner is not null && Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(count);
            }
        }
    }
}
