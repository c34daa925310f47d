using Humas.Bot.Admin.Audit;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Polling;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Admin.Sources;

/// <summary>
/// Keeps each source's health history: failures, recoveries, first polls, polls that found articles, and every
/// "check now". A routine 304 of a healthy source writes nothing, so 10,000 quiet sources cost no rows.
/// Rows older than <see cref="Retention"/> are pruned when the source gets a new one.
/// </summary>
public sealed class SourceHealthRecorder(IDbContextFactory<HumasDbContext> factory, TimeProvider time) : ISourcePollObserver
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);
    private readonly AsyncLocal<bool> _manual = new();

    /// <summary>Runs <paramref name="poll"/> with its report recorded as a manual check.</summary>
    public async Task<T> AsCheckAsync<T>(Func<Task<T>> poll)
    {
        _manual.Value = true;
        try
        {
            return await poll();
        }
        finally
        {
            _manual.Value = false;
        }
    }

    public async Task PolledAsync(Source before, PollReport report, CancellationToken ct)
    {
        var manual = _manual.Value;
        var worth = manual || !report.Success || report.Created > 0 || before.ConsecutiveFailures > 0 || before.LastPolledAt is null;
        if (!worth)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Add(new SourceHealthEvent
        {
            SourceId = before.Id, At = now, Success = report.Success, Created = report.Created, Trigger = manual ? "check" : "poll",
            Error = report.Error is { Length: > 1000 } e ? e[..1000] : report.Error,
        });
        await db.SaveChangesAsync(ct);
        var cutoff = now - Retention;
        await db.Set<SourceHealthEvent>().Where(h => h.SourceId == before.Id && h.At < cutoff).ExecuteDeleteAsync(ct);
    }
}
