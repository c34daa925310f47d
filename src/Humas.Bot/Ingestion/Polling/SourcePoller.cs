using Humas.Bot.Host;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Humas.Bot.Storage.Cluster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Ingestion.Polling;

/// <summary>
/// Polls every due source, at most <see cref="IngestionOptions.MaxConcurrentPolls"/> at once and
/// <see cref="IngestionOptions.MaxConcurrentPerHost"/> per host, so one slow or broken site never holds
/// up the others. The schedule lives in the database (<see cref="Source.NextPollAt"/>), so a restart
/// resumes it.
/// </summary>
public sealed partial class SourcePoller(
    IDbContextFactory<HumasDbContext> factory,
    SourcePollJob job,
    IOptions<IngestionOptions> options,
    ILeadership leadership,
    TimeProvider time,
    ILogger<SourcePoller> log) : BackgroundService
{
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(5);
    private readonly HostThrottle _hosts = new(options.Value.MaxConcurrentPerHost);

    /// <summary>Only the leader polls, so each source is fetched by one instance (<see cref="ILeadership"/>).</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leadership.RunAsLeaderAsync(PollWhileLeadingAsync, stoppingToken);

    private async Task PollWhileLeadingAsync(CancellationToken stoppingToken)
    {
        var limit = options.Value.MaxConcurrentPolls;
        var running = new Dictionary<string, Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var done in running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
            {
                running.Remove(done);
            }

            List<Source> due = [];
            try
            {
                due = running.Count < limit ? await DueSourcesAsync(running.Keys, limit - running.Count, stoppingToken) : [];
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be briefly unavailable; the schedule is still there next round.
                LogScheduleUnreadable(e);
            }

            foreach (var source in due)
            {
                running[source.Id] = PollAsync(source, stoppingToken);
            }

            var wake = Task.Delay(MaxIdle, time, stoppingToken);
            await Task.WhenAny(running.Values.Append(wake)).ContinueWith(_ => { }, CancellationToken.None);
        }

        // Let in-flight polls end: each either commits or rolls back as a whole.
        await Task.WhenAll(running.Values).ContinueWith(_ => { }, CancellationToken.None);
    }

    private async Task<List<Source>> DueSourcesAsync(IEnumerable<string> busy, int take, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var busyIds = busy.ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Source>().AsNoTracking()
            .Where(s => s.Enabled && s.NextPollAt <= now && !busyIds.Contains(s.Id))
            .OrderBy(s => s.NextPollAt)
            .Take(take)
            .ToListAsync(ct);
    }

    private async Task PollAsync(Source source, CancellationToken ct)
    {
        try
        {
            var host = Uri.TryCreate(source.Url, UriKind.Absolute, out var uri) ? uri.Host : "";
            using var slot = await _hosts.EnterAsync(host, ct);
            await job.RunAsync(source.Id, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the poll's transaction was not committed and the source is still due.
        }
        catch (Exception e)
        {
            LogPollCrashed(e, source.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not read the poll schedule")]
    private partial void LogScheduleUnreadable(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poll of {SourceId} crashed")]
    private partial void LogPollCrashed(Exception exception, string sourceId);
}
