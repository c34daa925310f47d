using Humas.Bot.Delivery.Model;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Delivery.Progress;

/// <summary>
/// Where one article's broadcast stands. Failed counts the given-up deliveries; Remaining is everything not
/// yet final (pending, retrying, sending). Rate is measured over the last minute of sends, ETA from it.
/// </summary>
public sealed record ArticleDeliveryProgress(
    Guid ArticleId,
    int Planned,
    int Sent,
    int Failed,
    int Skipped,
    int Cancelled,
    int Recalled,
    int Remaining,
    double RatePerSecond,
    TimeSpan? Eta)
{
    public bool Done => Remaining == 0;
}

public sealed class DeliveryProgress(IDbContextFactory<HumasDbContext> factory, TimeProvider time)
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    public async Task<ArticleDeliveryProgress> GetAsync(Guid articleId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var counts = await db.Set<DeliveryRecord>().Where(d => d.ArticleId == articleId)
            .GroupBy(d => d.State).Select(g => new { State = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.State, g => g.Count, ct);
        int Count(params DeliveryState[] states) => states.Sum(s => counts.GetValueOrDefault(s));

        var since = now - RateWindow;
        var recent = await db.Set<DeliveryRecord>()
            .Where(d => d.ArticleId == articleId && d.SentAt != null && d.SentAt >= since)
            .GroupBy(_ => 1).Select(g => new { Count = g.Count(), First = g.Min(d => d.SentAt) })
            .SingleOrDefaultAsync(ct);
        var remaining = Count(DeliveryState.Pending, DeliveryState.Retrying, DeliveryState.Sending);
        var rate = 0.0;
        if (recent is { Count: > 0, First: { } first })
        {
            // Over the time actually spent sending, so a broadcast that began 5 s ago is not diluted by 55 idle seconds.
            var seconds = Math.Max(1, (now - first).TotalSeconds);
            rate = recent.Count / seconds;
        }

        TimeSpan? eta = remaining == 0 ? TimeSpan.Zero : rate > 0 ? TimeSpan.FromSeconds(remaining / rate) : null;
        return new ArticleDeliveryProgress(
            articleId,
            counts.Values.Sum(),
            Count(DeliveryState.Sent),
            Count(DeliveryState.GaveUp),
            Count(DeliveryState.Skipped),
            Count(DeliveryState.Cancelled),
            Count(DeliveryState.Recalled),
            remaining,
            rate,
            eta);
    }
}
