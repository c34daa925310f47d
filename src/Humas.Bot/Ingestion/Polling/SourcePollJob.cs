using Humas.Bot.Ingestion.Articles;
using Humas.Bot.Ingestion.Feeds;
using Humas.Bot.Ingestion.Fetching;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Sources;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Ingestion.Polling;

public sealed record PollReport(string SourceId, bool Success, int Created, int Updated, int Duplicates, bool NotModified, string? Error);

/// <summary>
/// One poll of one source: read it, store new and edited articles with their events, update the
/// source's health, all in one transaction. A crash or shutdown mid-poll leaves the source due, so the
/// poll simply happens again.
/// </summary>
public sealed partial class SourcePollJob(
    IDbContextFactory<HumasDbContext> factory,
    SourceReader reader,
    ArticleIngestor ingestor,
    PollSchedule schedule,
    IngestionMetrics metrics,
    IngestionTracing tracing,
    TimeProvider time,
    ILogger<SourcePollJob> log,
    IEnumerable<ISourcePollObserver>? observers = null)
{
    private readonly ISourcePollObserver[] _observers = observers?.ToArray() ?? [];

    public async Task<PollReport> RunAsync(string sourceId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // Read once, no tracking: the poll works from this copy and observers are shown it as "before".
        var source = await db.Set<Source>().AsNoTracking().SingleAsync(s => s.Id == sourceId, ct);
        var report = await PollAsync(db, source, ct);
        foreach (var observer in _observers)
        {
            try
            {
                await observer.PolledAsync(source, report, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                LogObserverFailed(e, sourceId);
            }
        }

        return report;
    }

    private async Task<PollReport> PollAsync(HumasDbContext db, Source source, CancellationToken ct)
    {
        var sourceId = source.Id;
        var started = time.GetTimestamp();
        using var span = tracing.StartPoll(sourceId);
        using var scope = log.BeginScope(new Dictionary<string, object> { ["SourceId"] = sourceId });
        try
        {
            var read = await reader.ReadAsync(source, ct);
            if (read.Feed is null && read.Fetch.MovedPermanentlyTo is null)
            {
                // Most polls end here (304). Nothing to ingest, so no transaction and no reload: one UPDATE of
                // the health fields, the same values RecordSuccess would write. The source row is only
                // written by this job (one poll per source at a time) and by the catalog before polling
                // starts, so the copy read above is current.
                await RecordNotModifiedAsync(db, source, read.Fetch, ct);
                metrics.PollCompleted(sourceId, success: true, notModified: true, time.GetElapsedTime(started), 0);
                IngestionTracing.Polled(span, 0, 0, 0, notModified: true);
                return new PollReport(sourceId, true, 0, 0, 0, true, null);
            }

            var report = await db.InTransactionAsync(async () =>
            {
                var counts = new Dictionary<IngestResult, int>();
                var tracked = await db.Set<Source>().SingleAsync(s => s.Id == sourceId, ct);
                var announce = tracked.Primed || tracked.AnnounceExistingOnFirstPoll;
                foreach (var draft in read.Drafts)
                {
                    var outcome = await ingestor.IngestAsync(db, draft, announce, ct);
                    counts[outcome.Result] = counts.GetValueOrDefault(outcome.Result) + 1;
                }

                RecordSuccess(tracked, read);
                await db.SaveChangesAsync(ct);
                return new PollReport(
                    sourceId, true, counts.GetValueOrDefault(IngestResult.Created), counts.GetValueOrDefault(IngestResult.Updated),
                    counts.GetValueOrDefault(IngestResult.Duplicate), read.Feed is null, null);
            }, ct);
            metrics.PollCompleted(sourceId, success: true, notModified: report.NotModified, time.GetElapsedTime(started), report.Created);
            IngestionTracing.Polled(span, report.Created, report.Updated, report.Duplicates, report.NotModified);
            return report;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            var fresh = await db.Set<Source>().SingleAsync(s => s.Id == sourceId, ct);
            RecordFailure(fresh, OneLine(e));
            await db.SaveChangesAsync(ct);
            metrics.PollCompleted(sourceId, success: false, notModified: false, time.GetElapsedTime(started), 0);
            IngestionTracing.Failed(span, fresh.LastError ?? "");
            LogPollFailed(sourceId, fresh.ConsecutiveFailures, fresh.NextPollAt, fresh.LastError);
            return new PollReport(sourceId, false, 0, 0, 0, false, fresh.LastError);
        }
    }

    private void RecordSuccess(Source source, SourceReadResult read)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var fetch = read.Fetch;
        if (fetch.MovedPermanentlyTo is { } moved && moved.ToString() != source.Url)
        {
            LogMoved(source.Id, source.Url, moved);
            source.Url = moved.ToString();
        }

        source.ETag = fetch.ETag ?? (fetch.Status == FetchStatus.NotModified ? source.ETag : null);
        source.LastModified = fetch.LastModified ?? (fetch.Status == FetchStatus.NotModified ? source.LastModified : null);
        if (read.Feed is not null)
        {
            var hint = Max(read.Feed.Ttl, fetch.MaxAge);
            source.MinIntervalSeconds = hint is null ? null : (int)Math.Min(hint.Value.TotalSeconds, 24 * 3600);
            source.LastItemCount = read.Feed.Items.Count;
            source.Primed = true;
        }

        source.State = SourceState.Active;
        source.ConsecutiveFailures = 0;
        source.FailingSince = null;
        source.LastPolledAt = now;
        source.LastSuccessAt = now;
        source.NextPollAt = now + schedule.AfterSuccess(source);
    }

    private async Task RecordNotModifiedAsync(HumasDbContext db, Source source, FetchResult fetch, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var next = now + schedule.AfterSuccess(source);
        var etag = fetch.ETag ?? source.ETag;
        var lastModified = fetch.LastModified ?? source.LastModified;
        await db.Set<Source>().Where(s => s.Id == source.Id).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.ETag, etag)
            .SetProperty(s => s.LastModified, lastModified)
            .SetProperty(s => s.State, SourceState.Active)
            .SetProperty(s => s.ConsecutiveFailures, 0)
            .SetProperty(s => s.FailingSince, (DateTime?)null)
            .SetProperty(s => s.LastPolledAt, now)
            .SetProperty(s => s.LastSuccessAt, now)
            .SetProperty(s => s.NextPollAt, next), ct);
    }

    private void RecordFailure(Source source, string error)
    {
        var now = time.GetUtcNow().UtcDateTime;
        source.ConsecutiveFailures++;
        source.FailingSince ??= now;
        source.LastPolledAt = now;
        source.LastError = error.Length > 1000 ? error[..1000] : error;
        source.LastErrorAt = now;
        source.State = schedule.StateAfterFailure(source.ConsecutiveFailures);
        source.NextPollAt = now + schedule.AfterFailure(source, source.ConsecutiveFailures, Random.Shared.NextDouble());
    }

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static string OneLine(Exception e) => e switch
    {
        OperationCanceledException => "timed out",
        FetchException or FeedFormatException => e.Message.ReplaceLineEndings(" "),
        _ => $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A poll observer failed for {SourceId}")]
    private partial void LogObserverFailed(Exception exception, string sourceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll of {SourceId} failed ({ConsecutiveFailures} in a row, next at {NextPollAt:u}): {Error}")]
    private partial void LogPollFailed(string sourceId, int consecutiveFailures, DateTime nextPollAt, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId} moved permanently from {OldUrl} to {NewUrl}")]
    private partial void LogMoved(string sourceId, string oldUrl, Uri newUrl);
}
