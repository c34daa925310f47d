using Humas.Bot.Ingestion.Text;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Ingestion.Text;

/// <summary>The five seed articles, saved as text from the ministries' pages, chrome and all.</summary>
public sealed class ArticleTextSeedTests
{
    private readonly ArticleText text = new();

    /// <summary>Chrome that must never reach a reader, from every seed.</summary>
    public static readonly string[] ChromeFragments =
    [
        "bagikan berita", "Bagikan Berita", "Di baca", "Bagaimana pendapat anda", "0 0 0 0 0", "9 1 1 1 1",
        "Facebook", "Twitter", "Pinterest", "WhatsApp", "ARSIP BERITA", "KATEGORI", "Berita Terkait",
        "Selengkapnya", "SOROTAN MEDIA", "Peta Situs", "8394", "daon001", "\u00a0", "\t", "  ", "\n\n\n",
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Removes_all_site_chrome_from_seed_text(int seed)
    {
        var cleaned = text.CleanText(Fixture.Seed(seed));

        foreach (var fragment in ChromeFragments)
        {
            Assert.DoesNotContain(fragment, cleaned, StringComparison.Ordinal);
        }

        Assert.All(cleaned.Split('\n'), line => Assert.Equal(line.Trim(), line));
    }

    [Fact]
    public void Seed_000_keeps_title_date_story_and_byline()
    {
        var cleaned = text.CleanText(Fixture.Seed(0));

        Assert.StartsWith("Menguatkan Peran Kehumasan, Kemensetneg Mengadakan Rakor Kontributor Berita\n\nJumat, 14 Juli 2017\n\nRakor yang juga", cleaned);
        Assert.Contains("Nova Heni Susanti dari Istana Kepresidenan Yogyakarta", cleaned);
        Assert.Contains("Masrokhan. Dalam arahannya", cleaned);
        Assert.EndsWith("diakhiri dengan sesi berfoto bersama. (SPU – Humas Kemensetneg)", cleaned);
        Assert.Equal("SPU – Humas Kemensetneg", text.FindByline(cleaned));
    }

    [Fact]
    public void Seed_001_stops_before_share_list_and_archive()
    {
        var cleaned = text.CleanText(Fixture.Seed(1));

        Assert.StartsWith("Dari Rakornas Kehumasan Kemensos, Humas Diingatkan Tidak Gaptek\n\n", cleaned);
        Assert.Contains("Plt.Kepala Biro Humas", cleaned);
        Assert.EndsWith("hingga staf biro humas.\n\nPewarta : Asriani/Nova", cleaned);
        Assert.Equal("Asriani/Nova", text.FindByline(cleaned));
    }

    [Fact]
    public void Seed_002_byline_with_hyphen()
    {
        var cleaned = text.CleanText(Fixture.Seed(2));

        Assert.Contains("dari tanggal 3 s.d. 14 Juli 2017", cleaned);
        Assert.EndsWith("(FAF - Humas Kemensetneg)", cleaned);
        Assert.Equal("FAF - Humas Kemensetneg", text.FindByline(cleaned));
    }

    [Fact]
    public void Seed_003_drops_the_nine_one_one_one_one_counters()
    {
        var cleaned = text.CleanText(Fixture.Seed(3));

        Assert.EndsWith("#IndonesiaBicaraBaik untuk Indonesia yang maju (Humas Kemensetneg)", cleaned);
        Assert.Equal("Humas Kemensetneg", text.FindByline(cleaned));
    }

    [Fact]
    public void Seed_004_drops_kominfo_header_and_related_news()
    {
        var cleaned = text.CleanText(Fixture.Seed(4));

        Assert.StartsWith("06 10-2015\n\nSinergi Pengelolaan Komunikasi Publik\n\nDenpasar - Kominfo.", cleaned);
        // The numbered list keeps one item per line.
        Assert.Contains("berkala;\n2. Kominfo melakukan kajian", cleaned);
        Assert.EndsWith("Abdul Khohar. (ddh/dps)", cleaned);
        Assert.Equal("ddh/dps", text.FindByline(cleaned));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Summaries_of_seeds_end_on_a_sentence_or_a_word(int seed)
    {
        var cleaned = text.CleanText(Fixture.Seed(seed));
        var body = string.Join("\n\n", cleaned.Split("\n\n").Skip(seed == 4 ? 2 : 1));

        var summary = text.Summarize(body);

        Assert.InRange(summary.Length, 100, 380);
        Assert.DoesNotContain('\n', summary);
        Assert.True(summary.EndsWith('…') || ".!?\"”)".Contains(summary[^1]), summary);
        Assert.StartsWith(summary.TrimEnd('…'), Whitespace(body));
    }

    [Fact]
    public void Seed_001_summary_does_not_split_at_plt()
    {
        const string body = "Di saat yang sama, Plt. Kepala Biro Humas dan Protokol Setda Provinsi Gorontalo Masran Rauf "
            + "yang menjadi salah satu peserta rakornas mengatakan, kegiatan ini merupakan bentuk sinergitas antara "
            + "Kemensos melalui Biro Humasnya dgn pemprov melalui Biro Humas Protokol untuk membantu menyebarluaskan "
            + "pemberitaan terkait dengan kesejahteraan sosial. Ia juga menambahkan, validitas data kemiskinan dan "
            + "masalah sosial lainnya akan disalurkan melalui link website kemensos.";

        var summary = text.Summarize(body);

        Assert.EndsWith("terkait dengan kesejahteraan sosial.", summary);
        Assert.Contains("Plt. Kepala Biro", summary);
    }

    private static string Whitespace(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
