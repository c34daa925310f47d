using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Humas.Bot.Channels.Web.Visitors;
using Humas.Bot.Feedback;
using Humas.Bot.Feedback.Live;
using Humas.Bot.Host;

namespace Humas.Bot.Channels.Web.Widget;

/// <summary>
/// The widget's live counters as server-sent events, for every article a page shows in one stream:
/// <c>GET /api/reactions/events?ids=a,b,c&amp;lang=…</c> (a browser opens only about six connections per origin over
/// HTTP/1.1, so a listing page with a stream per article would starve its own votes). The single-article
/// <c>GET /api/articles/{id}/reactions/events</c>, which widget scripts cached before it still open, is its one-id case.
/// The first event per article is its current tally, then one <c>reactions</c> event per change (the same JSON as the
/// GET of the counters, which names the article), a <c>ping</c> every <see cref="KeepAlive"/> so proxies keep the
/// connection, and the stream ends after <see cref="MaxDuration"/> (the browser's EventSource reconnects by itself)
/// or when the service stops.
/// </summary>
public static class WidgetLiveEndpoint
{
    public const string Event = "reactions";
    public const string ManyPath = "/api/reactions/events";

    /// <summary>Articles one stream may follow: a listing page's worth, while one request stays small.</summary>
    public const int MaxArticles = 50;

    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(25);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(5);

    /// <summary>Both routes; each open stream counts once against the stream limits, however many articles it follows.</summary>
    public static IEndpointRouteBuilder MapWidgetLiveEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/articles/{id}/reactions/events", OpenOneAsync).WithName("ArticleReactionEvents").LimitedBy(WebRateLimits.Stream);
        app.MapGet(ManyPath, OpenManyAsync).WithName("ReactionEvents").LimitedBy(WebRateLimits.Stream);
        return app;
    }

    /// <summary>The services a stream needs, resolved per request.</summary>
    public sealed record Deps(IReactionService Reactions, ReactionCatalog Catalog, TallyWatch Watch, TimeProvider Time, IHostApplicationLifetime Lifetime);

    private static Task<IResult> OpenOneAsync(string id, HttpContext http, [AsParameters] Deps deps, CancellationToken ct) =>
        Guid.TryParse(id, out var articleId)
            ? OpenAsync([articleId], http, deps, ct, () => NotFound(id))
            : Task.FromResult(NotFound(id));

    /// <summary>
    /// <c>ids</c>: article ids separated by commas (duplicates count once). Ids that are malformed or name no article
    /// are skipped, so a page whose one article was withdrawn still follows the others; 400 without ids or with more
    /// than <see cref="MaxArticles"/>, 404 when none names an article.
    /// </summary>
    private static Task<IResult> OpenManyAsync(string? ids, HttpContext http, [AsParameters] Deps deps, CancellationToken ct)
    {
        var given = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (given.Count == 0)
        {
            return Task.FromResult(WebRequests.Invalid("ids", "ids must name at least one article id."));
        }

        if (given.Count > MaxArticles)
        {
            return Task.FromResult(WebRequests.Invalid("ids", $"ids may name at most {MaxArticles} articles."));
        }

        List<Guid> articleIds = [.. given.Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct()];
        return OpenAsync(articleIds, http, deps, ct, () =>
            Results.Problem("None of the ids names an article.", statusCode: StatusCodes.Status404NotFound, title: "Article not found"));
    }

    private static async Task<IResult> OpenAsync(
        IReadOnlyList<Guid> articleIds, HttpContext http, Deps deps, CancellationToken ct, Func<IResult> noneFound)
    {
        // Watch before reading, so a vote between the read and the first change is not missed.
        var watcher = deps.Watch.Watch(articleIds);
        // One read for all of them: a listing page opens its stream on up to 50 articles, and opens it again as they change.
        var first = await deps.Reactions.GetTalliesAsync(articleIds, ct);

        if (first.Count == 0)
        {
            watcher.Dispose();
            return noneFound();
        }

        // Ids that name no article are not polled for the stream's life (a page cannot make the loop's work grow with them).
        if (first.Count < articleIds.Count)
        {
            watcher.Keep([.. first.Select(t => t.ArticleId)]);
        }

        // Also released if the stream never starts (the page went away first).
        http.Response.RegisterForDispose(watcher);
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var lang = WebRequests.Language(http);
        return TypedResults.ServerSentEvents(StreamAsync(watcher, first, deps.Catalog, lang, deps.Time, deps.Lifetime.ApplicationStopping, ct));
    }

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(
        TallyWatch.Watcher watcher, IReadOnlyList<ReactionTally> first, ReactionCatalog catalog, string lang, TimeProvider time, CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var _ = watcher;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        var end = time.GetUtcNow() + MaxDuration;
        // Per article the JSON last sent: a change is sent once, whichever way it reached this stream.
        var last = new Dictionary<Guid, string>();
        foreach (var tally in first)
        {
            var json = last[tally.ArticleId] = Json(tally, catalog, lang);
            yield return last.Count == 1 ? new SseItem<string>(json, Event) { ReconnectionInterval = Reconnect } : new SseItem<string>(json, Event);
        }

        Task<bool>? waiting = null;
        while (!done.IsCancellationRequested && time.GetUtcNow() < end)
        {
            waiting ??= watcher.Reader.WaitToReadAsync(done.Token).AsTask();
            var tick = Task.Delay(KeepAlive, time, done.Token);
            await Task.WhenAny(waiting, tick);
            if (done.IsCancellationRequested || (waiting.IsCompleted && !waiting.IsCompletedSuccessfully) || waiting is { IsCompletedSuccessfully: true, Result: false })
            {
                yield break;
            }

            if (!waiting.IsCompleted)
            {
                yield return new SseItem<string>("", "ping");
                continue;
            }

            waiting = null;
            while (watcher.Reader.TryRead(out var tally))
            {
                var json = Json(tally, catalog, lang);
                if (!last.TryGetValue(tally.ArticleId, out var before) || json != before)
                {
                    last[tally.ArticleId] = json;
                    yield return new SseItem<string>(json, Event);
                }
            }
        }
    }

    private static string Json(ReactionTally tally, ReactionCatalog catalog, string lang) =>
        JsonSerializer.Serialize(FeedbackApi.Response(tally, catalog, lang), FeedbackJsonContext.Default.ReactionsResponse);

    private static IResult NotFound(string id) =>
        Results.Problem($"No article with id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Article not found");
}
