namespace Humas.Bot.Benchmarks.Delivery;

/// <summary>
/// Where a paced run's time went, from the fake's own arrival times of the successful sends: the gaps between
/// consecutive sends against the engine's slot, and the rate of each tenth of the run. Many gaps a little over the
/// slot point at the limiter's timers; a few long gaps at a stall (a commit, a lease, a pause of the process);
/// a rate that falls from tenth to tenth at something that grows with the run.
/// </summary>
public static class SendGaps
{
    public static object? Of(IReadOnlyList<long> sortedTimestamps, long frequency, double slotSeconds)
    {
        if (sortedTimestamps.Count < 3)
        {
            return null;
        }

        var gaps = new double[sortedTimestamps.Count - 1];
        for (var i = 1; i < sortedTimestamps.Count; i++)
        {
            gaps[i - 1] = (sortedTimestamps[i] - sortedTimestamps[i - 1]) / (double)frequency;
        }

        var sorted = gaps.Order().ToArray();
        double Ms(double seconds) => Math.Round(seconds * 1000, 1);
        double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        var total = gaps.Sum();
        // Time beyond one slot in each gap: what a perfect pacer would not have spent.
        var overSmall = gaps.Where(g => g > slotSeconds && g <= 0.1).Sum(g => g - slotSeconds);
        var overLong = gaps.Where(g => g > 0.1).Sum(g => g - slotSeconds);
        var tenths = new List<double>();
        var tenth = sortedTimestamps.Count / 10;
        for (var t = 0; tenth > 1 && t < 10; t++)
        {
            var from = sortedTimestamps[t * tenth];
            var to = sortedTimestamps[(t + 1) * tenth - 1];
            tenths.Add(Math.Round((tenth - 1) / Math.Max(1e-9, (to - from) / (double)frequency), 1));
        }

        return new
        {
            SlotMs = Ms(slotSeconds),
            GapMs = new { P10 = Ms(Percentile(0.10)), P50 = Ms(Percentile(0.5)), P90 = Ms(Percentile(0.9)), P99 = Ms(Percentile(0.99)), Max = Ms(sorted[^1]) },
            SecondsOverSlotInGapsUpTo100Ms = Math.Round(overSmall, 1),
            SecondsOverSlotInGapsOver100Ms = Math.Round(overLong, 1),
            GapsOver100Ms = gaps.Count(g => g > 0.1),
            SpanSeconds = Math.Round(total, 1),
            PerSecondByTenth = tenths,
        };
    }
}
