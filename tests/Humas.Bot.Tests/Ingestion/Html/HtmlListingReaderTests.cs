using System.Text;
using Humas.Bot.Ingestion;
using Humas.Bot.Ingestion.Html;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Text;
using Humas.Bot.Tests.Ingestion.Text;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Ingestion.Html;

public sealed class HtmlListingReaderTests
{
    private const string SetnegListing = "https://www.setneg.go.id/kategori/index/berita_terkini";
    private const string SetnegArticle = "https://www.setneg.go.id/baca/index/";
    private const string KemensosListing = "https://kemensos.go.id/berita-terkini";
    private const string KemensosArticle = "https://kemensos.go.id/dari-rakornas-kehumasan-kemensos-humas-diingatkan-tidak-gaptek";
    private const string KominfoListing = "https://www.kominfo.go.id/content/all/berita";
    private const string KominfoArticle = "https://www.kominfo.go.id/content/detail/6164/sinergi-pengelolaan-komunikasi-publik/0/berita";
    private const string KominfoBroken = "https://www.kominfo.go.id/content/detail/6165/halaman-rusak/0/berita";

    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static readonly HtmlSelectors Setneg = new()
    {
        ItemLink = ".list-berita a",
        Title = "h1.judul-berita",
        Date = ".info-berita .tanggal",
        Body = ".isi-berita",
        Image = ".foto-berita img",
    };

    private static readonly HtmlSelectors Kemensos = new()
    {
        ItemLink = ".post-list article.post",
        Title = ".post-title",
        Body = ".post-content",
        Image = ".post-content figure img",
        Byline = ".pewarta",
        Remove = ".label-list",
    };

    private static readonly HtmlSelectors Kominfo = new()
    {
        ItemLink = "h2.title-content",
        Date = ".date",
        Body = ".typography-block",
    };

    /// <summary>Article URLs the fixture listings link to, and the fixture that plays each page.</summary>
    internal static readonly (string Url, string Fixture)[] ArticlePages =
    [
        (SetnegArticle + "menguatkan_peran_kehumasan_kemensetneg_mengadakan_rakor_kontributor_berita", "Html/setneg-000.html"),
        (SetnegArticle + "humas_kemensetneg_menjadi_narasumber_pelatihan_kehumasan_timor_leste", "Html/setneg-002.html"),
        (SetnegArticle + "diskusi_tentang_inovasi_dan_strategi_kehumasan_kemensetneg_kolaborasi_dengan_perhumas", "Html/setneg-003.html"),
        (KemensosArticle, "Html/kemensos-001.html"),
        (KominfoArticle, "Html/kominfo-004.html"),
        (KominfoBroken, "Html/broken.html"),
    ];

    private readonly FakeSourceFetcher fetcher = ArticlePages.Aggregate(new FakeSourceFetcher(), (f, page) => f.Serve(page.Url, page.Fixture));

    private readonly FakeLogger<HtmlListingReader> log = new();
    private readonly ArticleText text = new();

    private HtmlListingReader Reader(int maxArticles = 20) => new(
        fetcher,
        Options.Create(new IngestionOptions { MaxArticlesPerListing = maxArticles }),
        new NewsDateParser(),
        new FakeTimeProvider(Now),
        log);

    private Task<ParsedFeed> Read(string listing, string fixture, HtmlSelectors selectors, int maxArticles = 20) =>
        Reader(maxArticles).ReadAsync(new Uri(listing), Fixture.Bytes(fixture), selectors, CancellationToken.None);

    [Fact]
    public async Task Setneg_listing_yields_its_articles_in_page_order()
    {
        var feed = await Read(SetnegListing, "Html/setneg-listing.html", Setneg);

        Assert.Equal(FeedFormat.HtmlListing, feed.Format);
        Assert.Equal("Kementerian Sekretariat Negara Republik Indonesia", feed.Title);
        Assert.Equal(SetnegListing, feed.Link);
        Assert.Equal(
            [
                "Diskusi Tentang Inovasi dan Strategi Kehumasan, Kemensetneg Kolaborasi dengan PERHUMAS",
                "Menguatkan Peran Kehumasan, Kemensetneg Mengadakan Rakor Kontributor Berita",
                "Humas Kemensetneg Menjadi Narasumber Pelatihan Kehumasan Timor Leste",
            ],
            feed.Items.Select(i => i.Title));
    }

    [Fact]
    public async Task Listing_links_are_absolute_deduplicated_and_fragment_free()
    {
        await Read(SetnegListing, "Html/setneg-listing.html", Setneg);

        // Image and headline link to the same page (the headline with #komentar): fetched once each.
        Assert.Equal(4, fetcher.Requested.Count);
        Assert.Equal(fetcher.Requested.Count, fetcher.Requested.Distinct().Count());
        Assert.All(fetcher.Requested, u => Assert.True(u.IsAbsoluteUri && u.Fragment.Length == 0, u.ToString()));
        Assert.Contains(new Uri(SetnegArticle + "berita_yang_sudah_dihapus"), fetcher.Requested);
    }

    [Fact]
    public async Task Seed_000_parts_come_from_the_selectors()
    {
        var feed = await Read(SetnegListing, "Html/setneg-listing.html", Setneg);
        var item = feed.Items.Single(i => i.Title.StartsWith("Menguatkan", StringComparison.Ordinal));

        Assert.Equal(SetnegArticle + "menguatkan_peran_kehumasan_kemensetneg_mengadakan_rakor_kontributor_berita", item.Link);
        // Friday 14 July 2017, midnight in Jakarta.
        Assert.Equal(new DateTimeOffset(2017, 7, 14, 0, 0, 0, TimeSpan.FromHours(7)), item.PublishedAt);
        Assert.Equal(TimeSpan.FromHours(7), item.PublishedAt!.Value.Offset);
        // The lazy-loading placeholder is skipped for the real picture in data-src.
        Assert.Equal("https://www.setneg.go.id/assets/berita/menguatkan_peran_kehumasan_kemensetneg_mengadakan_rakor_kontributor_berita.jpg", item.ImageUrl);
        Assert.Equal("SPU – Humas Kemensetneg", item.Author);
        Assert.Contains("Kontributor Teraktif I", item.ContentHtml);
    }

    [Fact]
    public async Task Setneg_dates_and_bylines_match_the_seeds()
    {
        var feed = await Read(SetnegListing, "Html/setneg-listing.html", Setneg);

        Assert.Equal(
            [new DateTime(2019, 8, 12, 17, 0, 0), new DateTime(2017, 7, 13, 17, 0, 0), new DateTime(2017, 7, 11, 17, 0, 0)],
            feed.Items.Select(i => i.PublishedAt!.Value.UtcDateTime));
        Assert.Equal(["Humas Kemensetneg", "SPU – Humas Kemensetneg", "FAF - Humas Kemensetneg"], feed.Items.Select(i => i.Author));
    }

    [Fact]
    public async Task Kemensos_date_comes_from_the_story_and_byline_from_its_selector()
    {
        var feed = await Read(KemensosListing, "Html/kemensos-listing.html", Kemensos);
        var item = Assert.Single(feed.Items);

        Assert.Equal(KemensosArticle, item.Link);
        Assert.Equal("Dari Rakornas Kehumasan Kemensos, Humas Diingatkan Tidak Gaptek", item.Title);
        // No date element and no metadata: "Rabu (21/8/2019)" in the first caption.
        Assert.Equal(new DateTimeOffset(2019, 8, 21, 0, 0, 0, TimeSpan.FromHours(7)), item.PublishedAt);
        Assert.Equal("Asriani/Nova", item.Author);
        Assert.Equal("https://kemensos.go.id/uploads/topics/15663782349617.jpg", item.ImageUrl);
        Assert.Equal(["Berita"], item.Categories);
        Assert.StartsWith("Humas pemerintah dituntut", item.SummaryHtml);
        Assert.DoesNotContain("label-list", item.ContentHtml);
        Assert.DoesNotContain("rakornas, kemensos", item.ContentHtml);
    }

    [Fact]
    public async Task Kominfo_falls_back_to_open_graph_and_the_story_byline()
    {
        var feed = await Read(KominfoListing, "Html/kominfo-listing.html", Kominfo);
        var item = feed.Items.Single(i => i.Link == KominfoArticle);

        Assert.Equal("Sinergi Pengelolaan Komunikasi Publik", item.Title);
        Assert.Equal(new DateTimeOffset(2015, 10, 6, 0, 0, 0, TimeSpan.FromHours(7)), item.PublishedAt);
        Assert.Equal("https://www.kominfo.go.id/images/content/2015/10/06/sinergi-pengelolaan-komunikasi-publik.jpg", item.ImageUrl);
        Assert.Equal("ddh/dps", item.Author);
    }

    [Fact]
    public async Task Kominfo_listing_ignores_script_mail_and_anchor_links()
    {
        await Read(KominfoListing, "Html/kominfo-listing.html", Kominfo);

        Assert.Equal([new Uri(KominfoBroken), new Uri(KominfoArticle)], fetcher.Requested);
    }

    public static TheoryData<string, string, string, string> Sites => new()
    {
        { SetnegListing, "Html/setneg-listing.html", nameof(Setneg), "Rakor yang juga dihadiri" },
        { KemensosListing, "Html/kemensos-listing.html", nameof(Kemensos), "Jakarta, Humas – Humas pemerintah" },
        { KominfoListing, "Html/kominfo-listing.html", nameof(Kominfo), "Denpasar - Kominfo." },
    };

    [Theory]
    [MemberData(nameof(Sites))]
    public async Task No_site_chrome_remains_in_the_cleaned_body(string listing, string fixture, string site, string storyStart)
    {
        var selectors = site switch { nameof(Setneg) => Setneg, nameof(Kemensos) => Kemensos, _ => Kominfo };
        var feed = await Read(listing, fixture, selectors);

        var bodies = feed.Items.Where(i => i.Link != KominfoBroken).Select(i => text.HtmlToText(i.ContentHtml!)).ToList();

        Assert.NotEmpty(bodies);
        Assert.Contains(bodies, b => b.Contains(storyStart, StringComparison.Ordinal));
        foreach (var body in bodies)
        {
            foreach (var fragment in ArticleTextSeedTests.ChromeFragments.Append("Senang").Append("Tag:").Append("document.write"))
            {
                Assert.DoesNotContain(fragment, body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Broken_page_is_read_safely()
    {
        var feed = await Read(KominfoListing, "Html/kominfo-listing.html", Kominfo);
        var item = feed.Items.Single(i => i.Link == KominfoBroken);

        Assert.Equal("Judul Rusak tanpa penutup", item.Title);
        // "Selasa (6/10)" without a year: the latest Tuesday 6 October before "now" (22 November 2026).
        Assert.Equal(new DateTimeOffset(2026, 10, 6, 0, 0, 0, TimeSpan.FromHours(7)), item.PublishedAt);
        Assert.Null(item.ImageUrl);
        Assert.Equal("ddh/dps", item.Author);

        var body = text.HtmlToText(item.ContentHtml!);
        Assert.Contains("Paragraf kedua dengan <script> teks.", body);
        Assert.DoesNotContain("evil.example", body);
        Assert.DoesNotContain("alert", body);
        Assert.DoesNotContain("display:none", body);
    }

    [Fact]
    public async Task A_failing_article_is_logged_with_its_url_and_skipped()
    {
        var feed = await Read(SetnegListing, "Html/setneg-listing.html", Setneg);

        Assert.Equal(3, feed.Items.Count);
        var entry = Assert.Single(log.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning);
        Assert.Equal(new Uri(SetnegArticle + "berita_yang_sudah_dihapus").ToString(), entry.GetStructuredStateValue("ArticleUrl"));
        Assert.Equal(new Uri(SetnegListing).ToString(), entry.GetStructuredStateValue("ListingUrl"));
        Assert.IsType<Humas.Bot.Ingestion.Fetching.FetchException>(entry.Exception);
    }

    [Fact]
    public async Task A_hostile_deeply_nested_page_is_skipped_quickly()
    {
        var deep = Path.Combine(Path.GetTempPath(), $"humas-deep-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(deep, "<title>Dalam</title>" + string.Concat(Enumerable.Repeat("<div><span>", 200_000)));
        try
        {
            fetcher.Serve("https://example.go.id/dalam", deep);
            var listing = Encoding.UTF8.GetBytes("""<a href="/dalam">dalam</a>""");
            var watch = System.Diagnostics.Stopwatch.StartNew();

            var feed = await Reader().ReadAsync(new Uri("https://example.go.id/"), listing, new HtmlSelectors { ItemLink = "a" }, CancellationToken.None);

            Assert.Empty(feed.Items);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), watch.Elapsed.ToString());
            Assert.Contains(log.Collector.GetSnapshot(), e => e.Exception is InvalidDataException);
        }
        finally
        {
            File.Delete(deep);
        }
    }

    [Fact]
    public async Task At_most_max_articles_per_listing_are_fetched()
    {
        var feed = await Read(SetnegListing, "Html/setneg-listing.html", Setneg, maxArticles: 2);

        Assert.Equal(2, fetcher.Requested.Count);
        Assert.Equal(2, feed.Items.Count);
    }

    [Fact]
    public async Task A_listing_without_matches_is_an_empty_feed()
    {
        var selectors = new HtmlSelectors { ItemLink = ".tidak-ada a" };
        var feed = await Read(SetnegListing, "Html/setneg-listing.html", selectors);

        Assert.Empty(feed.Items);
        Assert.Empty(fetcher.Requested);
        Assert.Contains(log.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning && e.GetStructuredStateValue("ItemLinkSelector") == ".tidak-ada a");
    }

    [Fact]
    public async Task Selector_naming_the_link_itself_or_its_card_both_work()
    {
        var html = Encoding.UTF8.GetBytes("""
            <ul><li class="card"><a href="/a">A</a></li><li><a class="link" href="b">B</a></li></ul>
            """);
        var reader = Reader();

        await reader.ReadAsync(new Uri("https://example.go.id/berita/"), html, new HtmlSelectors { ItemLink = "li.card, a.link" }, CancellationToken.None);

        Assert.Equal([new Uri("https://example.go.id/a"), new Uri("https://example.go.id/berita/b")], fetcher.Requested);
    }

    [Fact]
    public async Task Pages_are_decoded_by_their_declared_charset()
    {
        var page = Path.Combine(Path.GetTempPath(), $"humas-latin1-{Guid.NewGuid():N}.html");
        await File.WriteAllBytesAsync(page, Encoding.Latin1.GetBytes(
            "<html><head><meta charset=\"iso-8859-1\"><title>x</title></head><body><h1>Caf\u00e9 Kehumasan</h1></body></html>"));
        try
        {
            fetcher.Serve("https://example.go.id/latin1", page);
            var listing = Encoding.UTF8.GetBytes("""<a href="/latin1">latin1</a>""");

            var feed = await Reader().ReadAsync(new Uri("https://example.go.id/"), listing, new HtmlSelectors { ItemLink = "a", Title = "h1" }, CancellationToken.None);

            Assert.Equal("Caf\u00e9 Kehumasan", Assert.Single(feed.Items).Title);
        }
        finally
        {
            File.Delete(page);
        }
    }

    [Fact]
    public async Task An_invalid_selector_is_a_configuration_error()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Read(SetnegListing, "Html/setneg-listing.html", new HtmlSelectors { ItemLink = "a", Body = "div[[" }));
        Assert.Contains("Body", error.Message);
    }

    [Fact]
    public async Task Cancellation_stops_the_read()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reader().ReadAsync(
            new Uri(SetnegListing), Fixture.Bytes("Html/setneg-listing.html"), Setneg, cancelled.Token));
    }
}
