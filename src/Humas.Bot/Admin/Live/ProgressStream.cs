using System.Globalization;
using System.Text.Json;
using Humas.Bot.Delivery.Progress;

namespace Humas.Bot.Admin.Live;

/// <summary>
/// <c>GET /admin/live/progress?ids=a,b</c>: server-sent events, one "progress" event per article whose numbers
/// changed, checked every <see cref="Interval"/>; the stream ends when every article is done, after
/// <see cref="MaxDuration"/> (the browser's EventSource reconnects), or when the page closes.
/// </summary>
public static class ProgressStream
{
    public const int MaxArticles = 50;
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(5);

    public static async Task StreamAsync(HttpContext http, string? ids, DeliveryProgress progress, TimeProvider time, CancellationToken ct)
    {
        var articles = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct().Take(MaxArticles).ToList();
        if (articles.Count == 0)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var last = new Dictionary<Guid, string>();
        var started = time.GetTimestamp();
        await http.Response.WriteAsync("retry: 3000\n\n", ct);
        await http.Response.Body.FlushAsync(ct);
        while (!ct.IsCancellationRequested && time.GetElapsedTime(started) < MaxDuration)
        {
            var allDone = true;
            foreach (var id in articles)
            {
                var p = await progress.GetAsync(id, ct);
                if (p is null)
                {
                    continue;
                }

                allDone &= p.Done;
                var json = JsonSerializer.Serialize(new
                {
                    articleId = id.ToString("D"), planned = p.Planned, sent = p.Sent, failed = p.Failed, skipped = p.Skipped,
                    cancelled = p.Cancelled, recalled = p.Recalled, remaining = p.Remaining, done = p.Done, percent = Percent(p),
                    rate = Math.Round(p.RatePerSecond, 1),
                });
                if (last.GetValueOrDefault(id) != json)
                {
                    last[id] = json;
                    await http.Response.WriteAsync($"event: progress\ndata: {json}\n\n", ct);
                }
            }

            await http.Response.Body.FlushAsync(ct);
            if (allDone)
            {
                await http.Response.WriteAsync("event: done\ndata: {}\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
                return;
            }

            try
            {
                await Task.Delay(Interval, time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Finished deliveries (sent, failed, skipped, cancelled, recalled) over planned; 100 when done.</summary>
    public static int Percent(ArticleDeliveryProgress p) =>
        p.Done ? 100 : p.Planned == 0 ? 0 : (int)Math.Floor(100.0 * (p.Planned - p.Remaining) / p.Planned);

    public static string PercentText(ArticleDeliveryProgress p) => Percent(p).ToString(CultureInfo.InvariantCulture);
}
