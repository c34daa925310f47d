using Humas.Bot.Ingestion.Model;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Ingestion.Polling;

/// <summary>When a source is polled next, after a success or a failure.</summary>
public sealed class PollSchedule(IOptions<IngestionOptions> options)
{
    /// <summary>The source's interval, never shorter than what the feed asked for (TTL, Cache-Control).</summary>
    public TimeSpan AfterSuccess(Source source) =>
        TimeSpan.FromSeconds(Math.Max(source.PollSeconds, source.MinIntervalSeconds ?? 0));

    /// <summary>
    /// Exponential backoff from the source's own interval, capped, with up to 20% random jitter so
    /// sources that failed together (one host down) do not retry in lockstep.
    /// </summary>
    public TimeSpan AfterFailure(Source source, int consecutiveFailures, double jitter01)
    {
        var cap = options.Value.MaxBackoffSeconds;
        var exponent = Math.Min(consecutiveFailures - 1, 20);
        var seconds = Math.Min(cap, Math.Max(source.PollSeconds, 30) * Math.Pow(2, exponent));
        return TimeSpan.FromSeconds(Math.Min(cap, seconds * (1 + 0.2 * jitter01)));
    }

    public SourceState StateAfterFailure(int consecutiveFailures) =>
        consecutiveFailures >= options.Value.DeadAfterFailures ? SourceState.Dead : SourceState.BackingOff;
}
