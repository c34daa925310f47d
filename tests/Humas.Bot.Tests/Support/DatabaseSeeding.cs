using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;

namespace Humas.Bot.Tests.Support;

public static class DatabaseSeeding
{
    /// <summary>The three seed institutions, which articles reference.</summary>
    public static void AddInstitutions(this HumasDbContext db)
    {
        foreach (var (id, name) in new[] { ("setneg", "Kementerian Sekretariat Negara"), ("kemensos", "Kementerian Sosial"), ("kominfo", "Kementerian Komunikasi dan Informatika") })
        {
            db.Add(new Institution { Id = id, Name = name, CreatedAt = DateTime.UtcNow });
        }

        db.SaveChanges();
    }
}
