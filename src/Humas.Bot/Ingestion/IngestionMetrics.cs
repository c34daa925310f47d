using System.Diagnostics.Metrics;

namespace Humas.Bot.Ingestion;

/// <summary>Counters an operator graphs: polls by outcome, poll duration, articles found.</summary>
public sealed class IngestionMetrics
{
    public const string MeterName = "Humas.Bot.Ingestion";
    private readonly Counter<long> _polls;
    private readonly Histogram<double> _pollDuration;
    private readonly Counter<long> _articles;

    public IngestionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _polls = meter.CreateCounter<long>("humas.ingestion.polls", description: "Source polls by outcome");
        _pollDuration = meter.CreateHistogram<double>("humas.ingestion.poll.duration", "s", "Time to fetch, parse and store one source");
        _articles = meter.CreateCounter<long>("humas.ingestion.articles.created", description: "New articles stored");
    }

    public void PollCompleted(string sourceId, bool success, bool notModified, TimeSpan elapsed, int created)
    {
        var outcome = !success ? "failed" : notModified ? "not_modified" : "ok";
        _polls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        _pollDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        if (created > 0)
        {
            _articles.Add(created, new KeyValuePair<string, object?>("source", sourceId));
        }
    }
}
