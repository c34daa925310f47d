using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Humas.Bot.Delivery.Progress;

namespace Humas.Bot.Admin.Live;

/// <summary>
/// <c>GET /admin/live/progress?ids=a,b</c>: server-sent events (<c>TypedResults.ServerSentEvents</c>), one "progress"
/// event per article whose numbers changed, checked every <see cref="Interval"/>; a "done" event and the end when
/// every article is done (the page then closes its EventSource), else the end after <see cref="MaxDuration"/> (the
/// browser reconnects), when the page closes or when the service stops.
/// </summary>
public static class ProgressStream
{
    public const int MaxArticles = 50;
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(3);

    public static IResult Open(string? ids, DeliveryProgress progress, TimeProvider time, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var articles = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct().Take(MaxArticles).ToList();
        return articles.Count == 0
            ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Name at least one article id (ids=a,b).")
            : TypedResults.ServerSentEvents(EventsAsync(articles, progress, time, lifetime.ApplicationStopping, ct));
    }

    private static async IAsyncEnumerable<SseItem<string>> EventsAsync(
        List<Guid> articles, DeliveryProgress progress, TimeProvider time, CancellationToken stopping, [EnumeratorCancellation] CancellationToken ct)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        var last = new Dictionary<Guid, string>();
        var started = time.GetTimestamp();
        var first = true;
        while (time.GetElapsedTime(started) < MaxDuration)
        {
            if (await ReadAsync(articles, progress, done.Token) is not { } now)
            {
                yield break;
            }

            foreach (var (id, json) in now.Changed)
            {
                if (last.GetValueOrDefault(id) != json)
                {
                    last[id] = json;
                    yield return Item(json, "progress", first);
                    first = false;
                }
            }

            if (now.AllDone)
            {
                yield return Item("{}", "done", first);
                yield break;
            }

            try
            {
                await Task.Delay(Interval, time, done.Token);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    /// <summary>The first event tells the browser to reconnect after 3 s (its own default is shorter on some browsers).</summary>
    private static SseItem<string> Item(string json, string name, bool first) =>
        new(json, name) { ReconnectionInterval = first ? Reconnect : null };

    private sealed record Reading(List<(Guid Id, string Json)> Changed, bool AllDone);

    /// <summary>Every article's numbers as JSON; null once the page went away or the service is stopping.</summary>
    private static async Task<Reading?> ReadAsync(List<Guid> articles, DeliveryProgress progress, CancellationToken ct)
    {
        var all = new List<(Guid, string)>(articles.Count);
        var allDone = true;
        try
        {
            foreach (var id in articles)
            {
                var p = await progress.GetAsync(id, ct);
                if (p is null)
                {
                    continue;
                }

                allDone &= p.Done;
                all.Add((id, JsonSerializer.Serialize(new
                {
                    articleId = id.ToString("D"), planned = p.Planned, sent = p.Sent, failed = p.Failed, skipped = p.Skipped,
                    cancelled = p.Cancelled, recalled = p.Recalled, remaining = p.Remaining, done = p.Done, percent = Percent(p),
                    rate = Math.Round(p.RatePerSecond, 1),
                })));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }

        return new Reading(all, allDone);
    }

    /// <summary>Finished deliveries (sent, failed, skipped, cancelled, recalled) over planned; 100 when done.</summary>
    public static int Percent(ArticleDeliveryProgress p) =>
        p.Done ? 100 : p.Planned == 0 ? 0 : (int)Math.Floor(100.0 * (p.Planned - p.Remaining) / p.Planned);

    public static string PercentText(ArticleDeliveryProgress p) => Percent(p).ToString(CultureInfo.InvariantCulture);
}
