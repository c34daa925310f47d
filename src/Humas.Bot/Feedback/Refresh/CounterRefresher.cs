using Humas.Bot.Delivery.Operations;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Feedback.Refresh;

/// <summary>
/// One pass over the articles whose counters are due: each gets one edit per delivered message through
/// Delivery's operations path (same limiter, retry policy and edit call as corrections, at CounterRefresh
/// priority). The due mark is moved forward by a lease before the edits and cleared only afterwards, so a
/// crash mid-pass leaves it to be picked up again when the lease runs out, never stale for good.
/// </summary>
public sealed partial class CounterRefresher(
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    DeliveryOperations operations,
    ReactionCatalog catalog,
    TimeProvider time,
    FeedbackTracing tracing,
    ILogger<CounterRefresher> log)
{
    /// <summary>How long a claimed article is left alone; a pass that dies is retried after this.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private const int Batch = 50;

    /// <summary>Refreshes what is due now; returns how many articles were refreshed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            due = await db.Set<ReactionRefresh>().AsNoTracking()
                .Where(r => r.DueAt != null && r.DueAt <= now)
                .OrderBy(r => r.DueAt)
                .Select(r => r.ArticleId)
                .Take(Batch)
                .ToListAsync(ct);
        }

        var refreshed = 0;
        foreach (var articleId in due)
        {
            if (await RefreshAsync(articleId, ct))
            {
                refreshed++;
            }
        }

        return refreshed;
    }

    private async Task<bool> RefreshAsync(Guid articleId, CancellationToken ct)
    {
        var claimedAt = time.GetUtcNow().UtcDateTime;
        long generation;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            DateTime? leaseEnd = claimedAt + Lease;
            // Behind the gate, as every write of the vote path: an ungated write that meets a gated one in SQLite's
            // lock sleeps in the driver's busy retry (150 ms), and so does every write queued behind the loser.
            using var gate = await sqliteWriter.EnterAsync(db, ct);
            var claimed = await db.Set<ReactionRefresh>()
                .Where(r => r.ArticleId == articleId && r.DueAt != null && r.DueAt <= claimedAt)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.DueAt, leaseEnd), ct);
            if (claimed == 0)
            {
                return false; // another instance took it
            }

            // Read after the claim: a vote from here on bumps it and keeps the article due.
            generation = await db.Set<ReactionRefresh>().Where(r => r.ArticleId == articleId).Select(r => r.Generation).SingleAsync(ct);
        }

        using var span = tracing.StartCounterRefresh(articleId);
        var summary = await operations.RefreshCountersAsync(articleId, ct);

        // Measured from the end of the edits, so the next edit of any message is a full interval after this one.
        var finished = time.GetUtcNow().UtcDateTime;
        DateTime? next = finished + catalog.RefreshInterval;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            using var gate = await sqliteWriter.EnterAsync(db, ct);
            var refreshes = db.Set<ReactionRefresh>().Where(r => r.ArticleId == articleId);
            var settled = summary.Failed == 0
                && await refreshes.Where(r => r.Generation == generation).ExecuteUpdateAsync(u => u.SetProperty(r => r.DueAt, (DateTime?)null), ct) == 1;
            if (!settled)
            {
                // Votes arrived during the edits, or some edits failed for now: once more after the interval.
                await refreshes.ExecuteUpdateAsync(u => u.SetProperty(r => r.DueAt, next), ct);
            }
        }

        LogRefreshed(articleId, summary.Done, summary.Failed, summary.Skipped);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Counter refresh of article {ArticleId}: {Edited} edited, {Failed} failed, {Skipped} skipped")]
    private partial void LogRefreshed(Guid articleId, int edited, int failed, int skipped);
}
