using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Support;

/// <summary>
/// Four articles for the search and "latest" commands, written straight into the database: two from BNPB about
/// floods, two from Kemensos about social aid (one of them also about floods). Newest first: <see cref="AidForFloodVictims"/>,
/// <see cref="JakartaFloodRecedes"/>, <see cref="AidPhaseFour"/>, <see cref="BogorFloodAlert"/>.
/// </summary>
public static class SearchSeed
{
    public const string JakartaFloodRecedes = "Banjir Jakarta mulai surut";
    public const string BogorFloodAlert = "Siaga banjir di Bogor";
    public const string AidForFloodVictims = "Bansos untuk korban banjir";
    public const string AidPhaseFour = "Penyaluran bansos tahap IV";

    /// <summary>Adds the articles (and BNPB and Kemensos) relative to <paramref name="now"/>; returns each title's URL.</summary>
    public static async Task<Dictionary<string, string>> AddAsync(HumasDbContext db, DateTime now)
    {
        foreach (var (id, name) in new[] { ("bnpb", "Badan Nasional Penanggulangan Bencana"), ("kemensos", "Kementerian Sosial") })
        {
            if (!await db.Set<Institution>().AnyAsync(i => i.Id == id))
            {
                db.Add(new Institution { Id = id, Name = name, CreatedAt = now });
            }
        }

        var urls = new Dictionary<string, string>();
        void Add(string institution, string title, int hoursAgo, string body)
        {
            var id = Guid.NewGuid();
            var url = $"https://www.{institution}.go.id/berita/{id:N}";
            urls[title] = url;
            db.Add(new Article
            {
                Id = id, InstitutionId = institution, Url = url, CanonicalUrl = url, Title = title, Summary = title + ".", Body = body,
                PublishedAt = now.AddHours(-hoursAgo), DiscoveredAt = now, UpdatedAt = now, ContentHash = id.ToString("N"), Announced = true, Revision = 1,
            });
        }

        Add("bnpb", JakartaFloodRecedes, 2, "Genangan di Jakarta Timur berangsur surut.");
        Add("bnpb", BogorFloodAlert, 5, "Warga diminta waspada.");
        Add("kemensos", AidForFloodVictims, 1, "Bantuan sosial untuk warga terdampak.");
        Add("kemensos", AidPhaseFour, 3, "Penyaluran bantuan sosial tahap keempat.");
        await db.SaveChangesAsync();
        return urls;
    }
}
