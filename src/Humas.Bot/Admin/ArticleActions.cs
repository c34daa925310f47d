using System.Collections.Concurrent;
using System.Globalization;
using Humas.Bot.Admin.Audit;
using Humas.Bot.Delivery.Operations;

namespace Humas.Bot.Admin;

/// <summary>
/// Cancel, recall and re-send corrected, from the article page. Cancel is one UPDATE and answers at once; recall
/// and correction call the platform for every sent copy, so they run in the background (one at a time per
/// article) and the page shows their progress. Both are resumable (see DeliveryOperations), so a restart mid-way
/// only needs the button pressed again.
/// </summary>
public sealed class ArticleActions(DeliveryOperations operations, AuditLog audit, IHostApplicationLifetime lifetime, ILogger<ArticleActions> log)
{
    private readonly ConcurrentDictionary<Guid, string> _running = new();

    public string? Running(Guid articleId) => _running.GetValueOrDefault(articleId);

    public async Task<int> CancelAsync(Guid articleId, string actor, CancellationToken ct)
    {
        var cancelled = await operations.CancelAsync(articleId, ct);
        await audit.WriteAsync(actor, "article.cancel", "article", articleId.ToString("D"), cancelled.ToString(CultureInfo.InvariantCulture), ct);
        return cancelled;
    }

    /// <summary>False when a recall or correction of the article is already running.</summary>
    public async Task<bool> StartAsync(Guid articleId, string verb, string actor, CancellationToken ct)
    {
        if (!_running.TryAdd(articleId, verb))
        {
            return false;
        }

        await audit.WriteAsync(actor, $"article.{verb}", "article", articleId.ToString("D"), "started", ct);
        var stopping = lifetime.ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                var summary = verb == "recall"
                    ? await operations.RecallAsync(articleId, stopping)
                    : await operations.CorrectAsync(articleId, stopping);
                await audit.WriteAsync(actor, $"article.{verb}", "article", articleId.ToString("D"),
                    string.Create(CultureInfo.InvariantCulture, $"done: {summary.Done}, failed: {summary.Failed}, skipped: {summary.Skipped}, cancelled: {summary.Cancelled}"),
                    CancellationToken.None);
            }
            catch (Exception e)
            {
                log.LogError(e, "Dashboard {Verb} of article {ArticleId} failed", verb, articleId);
            }
            finally
            {
                _running.TryRemove(articleId, out _);
            }
        }, CancellationToken.None);
        return true;
    }
}
