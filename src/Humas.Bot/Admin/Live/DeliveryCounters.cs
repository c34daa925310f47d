using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Humas.Bot.Delivery;

namespace Humas.Bot.Admin.Live;

/// <summary>
/// 429 answers, failed platform calls and give-ups per channel since the service started, read from Delivery's own
/// metrics (the same numbers OpenTelemetry exports) rather than adding a second count. Only this host's meters
/// are listened to, so two hosts in one process (tests) do not mix.
/// </summary>
public sealed class DeliveryCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Channel, string Counter), long> _counts = new();

    public DeliveryCounters(IMeterFactory meters, TimeProvider time)
    {
        Since = time.GetUtcNow().UtcDateTime;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DeliveryMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters)
                && instrument.Name is "humas.delivery.rate_limited" or "humas.delivery.failed" or "humas.delivery.gave_up")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var channel = "?";
            foreach (var tag in tags)
            {
                if (tag.Key == "channel")
                {
                    channel = tag.Value?.ToString() ?? "?";
                }
            }

            _counts.AddOrUpdate((channel, instrument.Name["humas.delivery.".Length..]), value, (_, old) => old + value);
        });
        _listener.Start();
    }

    public DateTime Since { get; }

    /// <summary>Per channel: (rate_limited, failed, gave_up).</summary>
    public IReadOnlyList<(string Channel, long RateLimited, long Failed, long GaveUp)> Snapshot() =>
        _counts.Keys.Select(k => k.Channel).Distinct().Order(StringComparer.Ordinal)
            .Select(c => (c, _counts.GetValueOrDefault((c, "rate_limited")), _counts.GetValueOrDefault((c, "failed")), _counts.GetValueOrDefault((c, "gave_up"))))
            .ToList();

    public void Dispose() => _listener.Dispose();
}
