using Humas.Bot.Delivery.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Alerts.Detectors;

/// <summary>
/// An article with deliveries due for <c>Alerts:BroadcastStalledMinutes</c> while none of its deliveries was sent in
/// that time: the dispatcher is not running, or every send is refused or waiting.
/// </summary>
public sealed class BroadcastStalledDetector(IOptionsMonitor<AlertsOptions> options) : IIncidentDetector
{
    private static readonly DeliveryState[] Waiting = [DeliveryState.Pending, DeliveryState.Retrying, DeliveryState.Sending];

    public IncidentKind Kind => IncidentKind.BroadcastStalled;

    public static string KeyOf(Guid articleId) => "broadcast:" + articleId.ToString("N");

    public async Task<IReadOnlyList<Finding>> DetectAsync(HumasDbContext db, DateTime now, CancellationToken ct)
    {
        var since = now - TimeSpan.FromMinutes(options.CurrentValue.BroadcastStalledMinutes);
        var deliveries = db.Set<DeliveryRecord>().AsNoTracking().Where(d => d.Kind == DeliveryKind.Article && d.ArticleId != null);
        var stalled = await deliveries
            .Where(d => Waiting.Contains(d.State) && d.NextAttemptAt <= since)
            .Select(d => d.ArticleId!.Value)
            .Distinct()
            .Where(a => !deliveries.Any(s => s.ArticleId == a && s.SentAt != null && s.SentAt > since))
            .Take(100)
            .ToListAsync(ct);
        if (stalled.Count == 0)
        {
            return [];
        }

        var articles = await db.Set<Article>().AsNoTracking()
            .Where(a => stalled.Contains(a.Id))
            .Select(a => new { a.Id, a.Title, a.InstitutionId })
            .ToListAsync(ct);
        var waiting = await deliveries
            .Where(d => stalled.Contains(d.ArticleId!.Value) && Waiting.Contains(d.State))
            .GroupBy(d => d.ArticleId!.Value)
            .Select(g => new { Article = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Article, g => g.Count, ct);
        return articles
            .Select(a => new Finding(KeyOf(a.Id), Kind, a.InstitutionId, $"\"{Clip(a.Title)}\": {waiting.GetValueOrDefault(a.Id)} deliveries waiting"))
            .ToList();
    }

    internal static string Clip(string title) => title.Length > 120 ? title[..120] + "…" : title;
}
