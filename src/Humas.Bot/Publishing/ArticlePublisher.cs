using Humas.Bot.Delivery.FanOut;
using Humas.Bot.Ingestion.Articles;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Text;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Publishing;

/// <summary>The outcome of publishing: the field errors, or the article (new, or the one already known at that URL).</summary>
public sealed record PublishOutcome(Dictionary<string, string[]> Errors, PublishArticleResponse? Article);

/// <summary>
/// Stores and announces one article pushed by its institution: the publish API's and the dashboard's "write an
/// article" form's one path. Who may publish as whom is the caller's check (a key's grant, a dashboard account's
/// institutions); here the article itself is checked, committed, and the fan-out woken.
/// </summary>
public sealed class ArticlePublisher(IDbContextFactory<HumasDbContext> factory, ArticleIngestor ingestor, ArticleText text, IServiceProvider services)
{
    public async Task<PublishOutcome> PublishAsync(PublishArticleRequest body, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var institutions = await db.Set<Institution>().Where(i => !i.Disabled).Select(i => i.Id).ToListAsync(ct);
        var errors = body.Validate(institutions.Contains);
        if (errors.Count > 0)
        {
            return new PublishOutcome(errors, null);
        }

        var plainBody = text.HtmlToText(body.Body ?? "");
        var draft = new ArticleDraft
        {
            InstitutionId = body.Institution!,
            Origin = ArticleOrigin.PublishApi,
            Url = body.Url!.Trim(),
            Title = text.HtmlToText(body.Title!),
            Body = plainBody,
            Summary = text.Summarize(string.IsNullOrWhiteSpace(body.Summary) ? plainBody : text.HtmlToText(body.Summary)),
            ImageUrl = body.ImageUrl,
            Category = body.Category,
            PublishedAt = body.PublishedAt?.UtcDateTime,
            National = body.National == true,
        };

        var outcome = await IngestWithRetryAsync(db, draft, ct);
        // Committed: let the fan-out look now rather than at its next poll (absent when delivery is not registered).
        services.GetService<FanOutWake>()?.Wake();
        return new PublishOutcome(errors, new PublishArticleResponse(outcome.ArticleId.ToString(), draft.Url, outcome.Result == IngestResult.Created));
    }

    /// <summary>Two CMS calls for one URL at once: the loser of the unique-key race finds the winner's article.</summary>
    private async Task<IngestOutcome> IngestWithRetryAsync(HumasDbContext db, ArticleDraft draft, CancellationToken ct)
    {
        try
        {
            return await db.InTransactionAsync(() => ingestor.IngestAsync(db, draft, announce: true, ct), ct);
        }
        catch (DbUpdateException)
        {
            return await db.InTransactionAsync(() => ingestor.IngestAsync(db, draft, announce: true, ct), ct);
        }
    }
}
