using Humas.Bot.Delivery.FanOut;
using Humas.Bot.Delivery.Operations;
using Humas.Bot.Host;
using Humas.Bot.Ingestion.Articles;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Text;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Publishing;

/// <summary>The outcome of publishing: the field errors, or the article (new, or the one already known at that URL).</summary>
public sealed record PublishOutcome(Dictionary<string, string[]> Errors, PublishArticleResponse? Article);

/// <summary>What marking an article national did.</summary>
public enum MarkNationalResult
{
    /// <summary>Now national: a new "published" event makes the fan-out send it to every institution's readers who lack it.</summary>
    Marked,

    /// <summary>It was national already: nothing changed.</summary>
    AlreadyNational,

    /// <summary>It was recalled: a national item must not bring back what the editors took back.</summary>
    Recalled,

    NotFound,
}

/// <summary>
/// Stores and announces one article pushed by its institution, and makes an article the national narrative: the
/// publish API's and the dashboard's one path. Who may publish as whom, and who may mark an item national, is the
/// caller's check (a key's grant, a dashboard account's institutions); here the article itself is checked,
/// committed, and the fan-out woken.
/// </summary>
public sealed class ArticlePublisher(IDbContextFactory<HumasDbContext> factory, ArticleIngestor ingestor, ArticleText text, TimeProvider time, IServiceProvider services)
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
        if (draft.National && outcome.Result != IngestResult.Created)
        {
            // An article already known (published before, or the twin of one) becomes national the same way as from the dashboard.
            await MarkNationalAsync(outcome.ArticleId, ct);
        }

        // Committed: let the fan-out look now rather than at its next poll (absent when delivery is not registered).
        services.GetService<FanOutWake>()?.Wake();
        return new PublishOutcome(errors, new PublishArticleResponse(outcome.ArticleId.ToString(), draft.Url, outcome.Result == IngestResult.Created));
    }

    /// <summary>
    /// Makes a stored article national, sent or not: it is flagged and announced again with a new "published" event, so
    /// the fan-out plans it for every institution's readers. Whoever already has it (its own institution's readers, or
    /// a second mark) gets no second copy: the outbox holds one delivery per article and conversation, and the
    /// fan-out inserts only the missing ones. Copies sent before keep their label; the new ones are labelled national.
    /// </summary>
    public async Task<MarkNationalResult> MarkNationalAsync(Guid articleId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var result = await db.InTransactionAsync(async () =>
        {
            var article = await db.Set<Article>().SingleOrDefaultAsync(a => a.Id == articleId, ct);
            if (article is null)
            {
                return MarkNationalResult.NotFound;
            }

            if (article.National)
            {
                return MarkNationalResult.AlreadyNational;
            }

            if (await db.Set<ArticleJob>().AnyAsync(j => j.ArticleId == articleId && j.Kind == ArticleJobKind.Recall, ct))
            {
                return MarkNationalResult.Recalled;
            }

            var now = time.GetUtcNow().UtcDateTime;
            article.National = true;
            // Held back from a source's first poll until now: marking it national is the decision to send it.
            article.Announced = true;
            db.Add(new ArticleEvent { ArticleId = articleId, Kind = ArticleEventKind.Published, OccurredAt = now, TraceParent = TraceParent.Current() });
            await db.SaveChangesAsync(ct);
            return MarkNationalResult.Marked;
        }, ct);
        if (result == MarkNationalResult.Marked)
        {
            services.GetService<FanOutWake>()?.Wake();
        }

        return result;
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
