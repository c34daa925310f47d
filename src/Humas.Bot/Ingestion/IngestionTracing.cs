using System.Diagnostics;
using Humas.Bot.Host;
using Humas.Bot.Ingestion.Articles;

namespace Humas.Bot.Ingestion;

/// <summary>
/// Spans of the ingestion part: one per source poll (a trace of its own), and one per article stored (under the
/// poll, or under the publish API's request). The article's event row stores the article span's traceparent, so
/// its fan-out and every send join the same trace (Delivery/DeliveryTracing).
/// </summary>
public sealed class IngestionTracing() : PartTracing("Ingestion")
{
    public Activity? StartPoll(string sourceId) =>
        Source.StartActivity("ingestion.poll")?.SetTag("humas.source.id", sourceId);

    public Activity? StartArticle(string? sourceId, string url) =>
        Source.StartActivity("ingestion.article")?.SetTag("humas.source.id", sourceId).SetTag("humas.article.url", url);

    public static void Polled(Activity? poll, int created, int updated, int duplicates, bool notModified) =>
        poll?.SetTag("humas.poll.created", created).SetTag("humas.poll.updated", updated)
            .SetTag("humas.poll.duplicates", duplicates).SetTag("humas.poll.not_modified", notModified);

    public static void Ingested(Activity? article, IngestOutcome outcome) =>
        article?.SetTag("humas.article.id", outcome.ArticleId.ToString()).SetTag("humas.article.result", outcome.Result.ToString());

    public static void Failed(Activity? activity, string error) => activity?.SetStatus(ActivityStatusCode.Error, error);
}
