using Humas.Bot.Host;
using Humas.Bot.Ingestion.Identity;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Ingestion.Articles;

/// <summary>
/// Decides whether a draft is a new article, an edit of a known one, or a duplicate, and stores it with
/// its "published" event. The caller owns the transaction, so an article and its event (and the
/// source's health) commit together or not at all.
/// </summary>
public sealed partial class ArticleIngestor(TimeProvider time, IngestionTracing tracing, ILogger<ArticleIngestor> log)
{
    public async Task<IngestOutcome> IngestAsync(HumasDbContext db, ArticleDraft draft, bool announce, CancellationToken ct)
    {
        using var span = tracing.StartArticle(draft.SourceId, draft.Url);
        var outcome = await StoreAsync(db, draft, announce, ct);
        IngestionTracing.Ingested(span, outcome);
        return outcome;
    }

    private async Task<IngestOutcome> StoreAsync(HumasDbContext db, ArticleDraft draft, bool announce, CancellationToken ct)
    {
        var canonical = UrlCanonicalizer.Canonicalize(new Uri(draft.Url));
        var keys = KeysOf(draft, canonical);
        var hash = ContentFingerprint.Compute(draft.Title, draft.Body.Length > 0 ? draft.Body : draft.Summary);
        var now = time.GetUtcNow().UtcDateTime;

        var knownId = await db.Set<ArticleKey>().Where(k => keys.Contains(k.Key)).Select(k => (Guid?)k.ArticleId).FirstOrDefaultAsync(ct);
        if (knownId is { } id)
        {
            var article = await db.Set<Article>().SingleAsync(a => a.Id == id, ct);
            await AddMissingKeysAsync(db, id, keys, ct);
            // Only the article's own source (or the publish API, for its articles) may edit it: a second
            // source's copy differing in markup must not flip the stored text back and forth.
            var result = article.ContentHash == hash || article.SourceId != draft.SourceId
                ? IngestResult.Unchanged
                : RecordEdit(db, article, draft, hash, now);
            await db.SaveChangesAsync(ct);
            return new IngestOutcome(id, result);
        }

        var twin = await db.Set<Article>().Where(a => a.ContentHash == hash).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        if (twin is { } twinId)
        {
            // Remember this URL and guid as the same story so later polls match it by key.
            await AddMissingKeysAsync(db, twinId, keys, ct);
            await db.SaveChangesAsync(ct);
            LogDuplicate(draft.Url, draft.SourceId, twinId);
            return new IngestOutcome(twinId, IngestResult.Duplicate);
        }

        var created = new Article
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            InstitutionId = draft.InstitutionId,
            SourceId = draft.SourceId,
            Origin = draft.Origin,
            Url = draft.Url,
            CanonicalUrl = canonical,
            ContentHash = hash,
            DiscoveredAt = now,
            UpdatedAt = now,
            PublishedAt = draft.PublishedAt ?? now,
            Announced = announce,
            Title = draft.Title,
            National = draft.National,
        };
        Apply(created, draft);
        db.Add(created);
        db.AddRange(keys.Select(k => new ArticleKey { Key = k, ArticleId = created.Id }));
        if (announce)
        {
            db.Add(new ArticleEvent { ArticleId = created.Id, Kind = ArticleEventKind.Published, OccurredAt = now, TraceParent = TraceParent.Current() });
        }

        await db.SaveChangesAsync(ct);
        LogCreated(created.Id, created.Title, draft.SourceId, announce);
        return new IngestOutcome(created.Id, IngestResult.Created);
    }

    private static List<string> KeysOf(ArticleDraft draft, string canonical)
    {
        var keys = new List<string> { "url:" + canonical };
        if (!string.IsNullOrWhiteSpace(draft.SourceGuid))
        {
            // A guid that is a URL identifies the page on any source; other guids only within their source.
            keys.Add(UrlCanonicalizer.TryCanonicalize(draft.SourceGuid, out var guidUrl)
                ? "url:" + guidUrl
                : $"guid:{draft.SourceId}:{draft.SourceGuid.Trim()}");
        }

        return keys.Distinct(StringComparer.Ordinal).Select(k => k.Length > 2100 ? k[..2100] : k).ToList();
    }

    private static async Task AddMissingKeysAsync(HumasDbContext db, Guid articleId, List<string> keys, CancellationToken ct)
    {
        var present = await db.Set<ArticleKey>().Where(k => keys.Contains(k.Key)).Select(k => k.Key).ToListAsync(ct);
        db.AddRange(keys.Except(present, StringComparer.Ordinal).Select(k => new ArticleKey { Key = k, ArticleId = articleId }));
    }

    private static IngestResult RecordEdit(HumasDbContext db, Article article, ArticleDraft draft, string hash, DateTime now)
    {
        db.Add(new ArticleRevision
        {
            ArticleId = article.Id,
            Revision = article.Revision,
            RecordedAt = now,
            Title = article.Title,
            Summary = article.Summary,
            ContentHash = article.ContentHash,
        });
        article.Revision++;
        article.ContentHash = hash;
        article.Title = draft.Title;
        article.UpdatedAt = now;
        Apply(article, draft);
        db.Add(new ArticleEvent { ArticleId = article.Id, Kind = ArticleEventKind.Updated, OccurredAt = now, TraceParent = TraceParent.Current() });
        return IngestResult.Updated;
    }

    private static void Apply(Article article, ArticleDraft draft)
    {
        article.Summary = Cap(draft.Summary, 2000);
        article.Body = draft.Body;
        article.ImageUrl = draft.ImageUrl is { Length: <= 2048 } ? draft.ImageUrl : article.ImageUrl;
        article.Author = draft.Author is null ? article.Author : Cap(draft.Author, 200);
        article.Category = draft.Category is null ? article.Category : Cap(draft.Category, 100);
        if (draft.PublishedAt is { } published)
        {
            article.PublishedAt = published;
        }
    }

    private static string Cap(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleUrl} from {SourceId} duplicates {ArticleId}")]
    private partial void LogDuplicate(string articleUrl, string? sourceId, Guid articleId);

    [LoggerMessage(Level = LogLevel.Information, Message = "New article {ArticleId} {ArticleTitle} from {SourceId} (announced: {Announced})")]
    private partial void LogCreated(Guid articleId, string articleTitle, string? sourceId, bool announced);
}
