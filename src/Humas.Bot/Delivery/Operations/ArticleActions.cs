using System.Globalization;
using Humas.Bot.Storage.Audit;

namespace Humas.Bot.Delivery.Operations;

/// <summary>
/// Cancel, recall and re-send corrected, from the dashboard's article page and the <c>deliveries</c> command alike,
/// each audited with who asked. Cancel is one UPDATE and answers at once; recall
/// and correction call the platform for every sent copy, so they become durable jobs (<see cref="ArticleJobs"/>):
/// whichever instance claims one runs it, a restart resumes it, transient failures are retried, and the page shows
/// its progress from the job's row.
/// </summary>
public sealed class ArticleActions(DeliveryOperations operations, ArticleJobs jobs, AuditLog audit)
{
    public async Task<int> CancelAsync(Guid articleId, string actor, CancellationToken ct)
    {
        var cancelled = await operations.CancelAsync(articleId, ct);
        await audit.WriteAsync(actor, "article.cancel", "article", articleId.ToString("D"), cancelled.ToString(CultureInfo.InvariantCulture), ct);
        return cancelled;
    }

    /// <summary>The requested job; null when a recall or correction of the article is already pending or running.</summary>
    public async Task<ArticleJob?> StartAsync(Guid articleId, ArticleJobKind kind, string actor, CancellationToken ct)
    {
        var verb = kind == ArticleJobKind.Recall ? "recall" : "correct";
        if (await jobs.RequestAsync(articleId, kind, actor, ct) is not { } job)
        {
            return null;
        }

        await audit.WriteAsync(actor, $"article.{verb}", "article", articleId.ToString("D"),
            string.Create(CultureInfo.InvariantCulture, $"job {job.Id} requested"), ct);
        return job;
    }

    /// <summary>The article's latest recall or correction with its progress, or null if it never had one.</summary>
    public Task<ArticleJobStatus?> LatestJobAsync(Guid articleId, CancellationToken ct) => jobs.LatestAsync(articleId, ct);
}
