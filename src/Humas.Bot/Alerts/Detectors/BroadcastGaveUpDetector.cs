using Humas.Bot.Delivery.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Alerts.Detectors;

/// <summary>
/// An article of the last <c>Alerts:GaveUpWindowHours</c> with at least <c>Alerts:GaveUpMinimumDeliveries</c>
/// deliveries, more than <c>Alerts:GaveUpPercent</c> of them given up. It resolves when the deliveries are retried
/// (<c>deliveries retry</c>) or the article leaves the window.
/// </summary>
public sealed class BroadcastGaveUpDetector(IOptionsMonitor<AlertsOptions> options) : IIncidentDetector
{
    public IncidentKind Kind => IncidentKind.BroadcastGaveUp;

    public static string KeyOf(Guid articleId) => "gaveup:" + articleId.ToString("N");

    public async Task<IReadOnlyList<Finding>> DetectAsync(HumasDbContext db, DateTime now, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var since = now - TimeSpan.FromHours(o.GaveUpWindowHours);
        var recent = db.Set<Article>().Where(a => a.DiscoveredAt >= since).Select(a => a.Id);
        var counts = await db.Set<DeliveryRecord>().AsNoTracking()
            .Where(d => d.Kind == DeliveryKind.Article && d.ArticleId != null && recent.Contains(d.ArticleId!.Value))
            .GroupBy(d => d.ArticleId!.Value)
            .Select(g => new { Article = g.Key, Total = g.Count(), GaveUp = g.Count(d => d.State == DeliveryState.GaveUp) })
            .Where(g => g.Total >= o.GaveUpMinimumDeliveries && g.GaveUp > 0)
            .ToListAsync(ct);
        var over = counts.Where(c => c.GaveUp * 100.0 > o.GaveUpPercent * c.Total).Take(100).ToList();
        if (over.Count == 0)
        {
            return [];
        }

        var ids = over.Select(c => c.Article).ToList();
        var articles = await db.Set<Article>().AsNoTracking()
            .Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Title, a.InstitutionId })
            .ToDictionaryAsync(a => a.Id, ct);
        return over
            .Where(c => articles.ContainsKey(c.Article))
            .Select(c =>
            {
                var a = articles[c.Article];
                return new Finding(KeyOf(a.Id), Kind, a.InstitutionId,
                    $"\"{BroadcastStalledDetector.Clip(a.Title)}\": {c.GaveUp} of {c.Total} deliveries given up");
            })
            .ToList();
    }
}
