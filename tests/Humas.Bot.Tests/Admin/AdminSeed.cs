using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Humas.Bot.Tips.Model;

namespace Humas.Bot.Tests.Admin;

/// <summary>Rows the dashboard tests start from, written straight into the database.</summary>
public static class AdminSeed
{
    public static async Task<Tip> TipAsync(HumasDbContext db, string channel = "test", string text = "Peresmian jembatan desa besok pagi.")
    {
        var now = DateTime.UtcNow;
        var tip = new Tip
        {
            Ticket = $"USL-202611-{Random.Shared.Next(1000, 9999)}", Channel = channel, ConversationExternalId = "chat-42", UserExternalId = "42",
            AuthorName = "Tri Novita Sari", Text = text, State = TipState.New, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(tip);
        await db.SaveChangesAsync();
        db.Add(new TipEvent { TipId = tip.Id, Kind = TipEventKind.Submitted, Actor = $"{channel}:42", CreatedAt = now });
        await db.SaveChangesAsync();
        return tip;
    }

    public static async Task InstitutionsAsync(HumasDbContext db, params string[] ids)
    {
        foreach (var id in ids)
        {
            if (await db.Set<Institution>().FindAsync(id) is null)
            {
                db.Add(new Institution { Id = id, Name = $"Instansi {id}", CreatedAt = DateTime.UtcNow });
            }
        }

        await db.SaveChangesAsync();
    }

    public static async Task<Article> ArticleAsync(HumasDbContext db, string institution, string title, string? category = null, DateTime? publishedAt = null)
    {
        await InstitutionsAsync(db, institution);
        var url = $"https://{institution}.go.id/berita/{Guid.NewGuid():N}";
        var article = new Article
        {
            Id = Guid.CreateVersion7(), InstitutionId = institution, Url = url, CanonicalUrl = url, Title = title, Category = category,
            PublishedAt = publishedAt ?? DateTime.UtcNow, DiscoveredAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, ContentHash = Guid.NewGuid().ToString("N"),
            Announced = true, Revision = 1,
        };
        db.Add(article);
        await db.SaveChangesAsync();
        return article;
    }
}
