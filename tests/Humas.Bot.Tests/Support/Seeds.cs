using Humas.Bot.Ingestion.Articles;
using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Tests.Support;

/// <summary>The project's seed articles (the bundled demo feed's) as drafts, for tests that need realistic content.</summary>
public static class Seeds
{
    public static ArticleDraft RakorKontributor(string sourceId = "demo") => new()
    {
        InstitutionId = "setneg",
        SourceId = sourceId,
        Origin = ArticleOrigin.Feed,
        Url = "https://www.setneg.go.id/baca/index/menguatkan_peran_kehumasan_kemensetneg_mengadakan_rakor_kontributor_berita",
        SourceGuid = "setneg-2017-07-14-rakor",
        Title = "Menguatkan Peran Kehumasan, Kemensetneg Mengadakan Rakor Kontributor Berita",
        Summary = "Rakor yang juga dihadiri oleh Direktur Umum PPK GBK sebagai Kontributor Berita dibuka oleh Asdep Humas, Masrokhan.",
        Body = "Rakor yang juga dihadiri oleh Direktur Umum Pusat Pengelolaan Komplek Gelora Bung Karno (PPK GBK) sebagai Kontributor Berita yang mewakili PPK GBK, Bertho Darmo Poedjo Asmanto tersebut dibuka oleh Asisten Deputi Hubungan Masyarakat (Asdep Humas), Masrokhan.",
        Author = "SPU – Humas Kemensetneg",
        PublishedAt = new DateTime(2017, 7, 13, 17, 0, 0, DateTimeKind.Utc),
    };

    public static ArticleDraft RakornasKemensos(string sourceId = "demo") => new()
    {
        InstitutionId = "kemensos",
        SourceId = sourceId,
        Origin = ArticleOrigin.Feed,
        Url = "https://kemensos.go.id/dari-rakornas-kehumasan-kemensos-humas-diingatkan-tidak-gaptek",
        SourceGuid = "kemensos-2019-08-21-rakornas",
        Title = "Dari Rakornas Kehumasan Kemensos, Humas Diingatkan Tidak Gaptek",
        Body = "Humas pemerintah dituntut untuk mampu memanfaatkan kecanggihan teknologi, guna memaksimalkan kerja kehumasan.",
        PublishedAt = new DateTime(2019, 8, 20, 17, 0, 0, DateTimeKind.Utc),
    };
}
