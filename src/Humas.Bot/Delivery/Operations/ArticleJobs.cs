using Humas.Bot.Delivery.Model;
using Humas.Bot.Host;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Delivery.Operations;

/// <summary>A job's progress for the article page: its row and the copies still to do.</summary>
public sealed record ArticleJobStatus(ArticleJob Job, int Remaining);

/// <summary>Requests recall and correction jobs, and reads their progress.</summary>
public sealed class ArticleJobs(IDbContextFactory<HumasDbContext> factory, ArticleJobWake wake, TimeProvider time)
{
    /// <summary>Adds the job; null when a job of the article is already pending or running (in any instance).</summary>
    public async Task<ArticleJob?> RequestAsync(Guid articleId, ArticleJobKind kind, string requestedBy, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.Set<ArticleJob>().AnyAsync(j => j.ArticleId == articleId && ActiveStates.Contains(j.State), ct))
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var job = new ArticleJob
        {
            ArticleId = articleId, Kind = kind, State = ArticleJobState.Pending, RequestedBy = requestedBy,
            NextAttemptAt = now, TraceParent = TraceParent.Current(), CreatedAt = now, UpdatedAt = now,
        };
        db.Add(job);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request (maybe another instance) won the race for the article's one active job.
            return null;
        }

        wake.Wake();
        return job;
    }

    /// <summary>The article's latest job with the copies it has still to do (0 once it is finished), or null if it never had one.</summary>
    public async Task<ArticleJobStatus?> LatestAsync(Guid articleId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var job = await db.Set<ArticleJob>().AsNoTracking().Where(j => j.ArticleId == articleId)
            .OrderByDescending(j => j.Id).FirstOrDefaultAsync(ct);
        if (job is null)
        {
            return null;
        }

        if (!job.IsActive)
        {
            return new ArticleJobStatus(job, 0);
        }

        var sent = db.Set<DeliveryRecord>().Where(d => d.ArticleId == articleId && d.State == DeliveryState.Sent && d.MessageId != null);
        if (job.Kind == ArticleJobKind.Correct)
        {
            var revision = await db.Set<Article>().Where(a => a.Id == articleId).Select(a => a.Revision).FirstOrDefaultAsync(ct);
            sent = sent.Where(d => d.SentRevision < revision);
        }

        return new ArticleJobStatus(job, await sent.CountAsync(ct));
    }

    internal static readonly ArticleJobState[] ActiveStates = [ArticleJobState.Pending, ArticleJobState.Running, ArticleJobState.Retrying];
}

/// <summary>Woken by a request in this instance, so the job starts at once instead of at the next poll.</summary>
public sealed class ArticleJobWake : WorkSignal;
