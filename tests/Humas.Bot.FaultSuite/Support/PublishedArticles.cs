using Humas.Bot.Ingestion.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.FaultSuite.Support;

/// <summary>
/// An article as ingestion stores it when it is new (announced, with its "published" event), for the harnesses
/// that publish without a feed: the fault suite, the delivery tests and the delivery benchmarks.
/// </summary>
public static class PublishedArticles
{
    public const string DefaultSummary =
        "Rapat koordinasi kehumasan pemerintah membahas penguatan narasi tunggal, percepatan penyebaran informasi publik dan kolaborasi antarlembaga.";

    /// <summary>Adds the article and its event to <paramref name="db"/> (the caller saves); the event's ArticleId is the article's id.</summary>
    public static ArticleEvent Add(DbContext db, string title, DateTime now, string institution = "kominfo", string? category = null, string summary = DefaultSummary)
    {
        var id = Guid.NewGuid();
        var url = $"https://{institution}.go.id/berita/{id:N}";
        db.Add(new Article
        {
            Id = id,
            InstitutionId = institution,
            Url = url,
            CanonicalUrl = url,
            Title = title,
            Summary = summary,
            Category = category,
            PublishedAt = now,
            DiscoveredAt = now,
            UpdatedAt = now,
            ContentHash = id.ToString("N"),
            Announced = true,
            Revision = 1,
        });
        var published = new ArticleEvent { ArticleId = id, Kind = ArticleEventKind.Published, OccurredAt = now };
        db.Add(published);
        return published;
    }
}
