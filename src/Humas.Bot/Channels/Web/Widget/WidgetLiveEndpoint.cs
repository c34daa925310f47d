using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Humas.Bot.Channels.Web.Visitors;
using Humas.Bot.Feedback;
using Humas.Bot.Feedback.Live;

namespace Humas.Bot.Channels.Web.Widget;

/// <summary>
/// <c>GET /api/articles/{id}/reactions/events?lang=…</c>: the widget's live counters as server-sent events. The
/// first event is the current tally, then one <c>reactions</c> event per change (the same JSON as the GET of the
/// counters), a <c>ping</c> every <see cref="KeepAlive"/> so proxies keep the connection, and the stream ends after
/// <see cref="MaxDuration"/> (the browser's EventSource reconnects by itself) or when the service stops.
/// </summary>
public static class WidgetLiveEndpoint
{
    public const string Event = "reactions";
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(25);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(5);

    public static RouteHandlerBuilder MapWidgetLiveEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/articles/{id}/reactions/events", OpenAsync).WithName("ArticleReactionEvents");

    private static async Task<IResult> OpenAsync(
        string id, HttpContext http, IReactionService reactions, ReactionCatalog catalog, TallyWatch watch, TimeProvider time,
        IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var articleId))
        {
            return NotFound(id);
        }

        // Watch before reading, so a vote between the read and the first change is not missed.
        var watcher = watch.Watch(articleId);
        var first = await reactions.GetTallyAsync(articleId, ct);
        if (first is null)
        {
            watcher.Dispose();
            return NotFound(id);
        }

        // Also released if the stream never starts (the page went away first).
        http.Response.RegisterForDispose(watcher);
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var lang = WebRequests.Language(http);
        return TypedResults.ServerSentEvents(StreamAsync(watcher, first, catalog, lang, time, lifetime.ApplicationStopping, ct));
    }

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(
        TallyWatch.Watcher watcher, ReactionTally first, ReactionCatalog catalog, string lang, TimeProvider time, CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var _ = watcher;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        var end = time.GetUtcNow() + MaxDuration;
        var last = Json(first, catalog, lang);
        yield return new SseItem<string>(last, Event) { ReconnectionInterval = Reconnect };
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
                if (json != last)
                {
                    last = json;
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
