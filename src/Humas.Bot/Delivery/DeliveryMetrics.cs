using System.Diagnostics.Metrics;

namespace Humas.Bot.Delivery;

/// <summary>What an operator graphs during a broadcast: sends, failures, 429s, give-ups, latency, backlog.</summary>
public sealed class DeliveryMetrics
{
    public const string MeterName = "Humas.Bot.Delivery";
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _gaveUp;
    private readonly Histogram<double> _sendDuration;
    private long _queueDepth;

    public DeliveryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _sent = meter.CreateCounter<long>("humas.delivery.sent", description: "Messages the platform accepted");
        _failed = meter.CreateCounter<long>("humas.delivery.failed", description: "Failed platform calls by failure kind");
        _rateLimited = meter.CreateCounter<long>("humas.delivery.rate_limited", description: "429 answers by scope");
        _gaveUp = meter.CreateCounter<long>("humas.delivery.gave_up", description: "Deliveries given up for good");
        _sendDuration = meter.CreateHistogram<double>("humas.delivery.send.duration", "s", "Time of one platform send");
        meter.CreateObservableGauge("humas.delivery.queue.depth", () => Volatile.Read(ref _queueDepth), description: "Deliveries waiting to be sent");
    }

    public void Sent(string channel, TimeSpan elapsed)
    {
        _sent.Add(1, Tag("channel", channel));
        _sendDuration.Record(elapsed.TotalSeconds, Tag("channel", channel));
    }

    public void Failed(string channel, string kind) => _failed.Add(1, Tag("channel", channel), Tag("kind", kind));

    public void RateLimited(string channel, string scope) => _rateLimited.Add(1, Tag("channel", channel), Tag("scope", scope));

    public void GaveUp(string channel) => _gaveUp.Add(1, Tag("channel", channel));

    public void QueueDepth(long depth) => Volatile.Write(ref _queueDepth, depth);

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
