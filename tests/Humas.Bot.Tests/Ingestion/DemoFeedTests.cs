using System.Text.Json;
using System.Xml.Linq;
using Humas.Bot.Ingestion;
using Humas.Bot.Ingestion.Html;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Text;
using Humas.Bot.Tests.Ingestion.Html;
using Humas.Bot.Tests.Ingestion.Text;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Ingestion;

/// <summary>The bundled demo feed and the documented sample sources stay well-formed and true to the seeds.</summary>
public sealed class DemoFeedTests
{
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    private readonly ArticleText text = new();

    private static XElement Channel() =>
        XDocument.Load(Path.Combine(AppContext.BaseDirectory, "Demo", "berita-humas.xml")).Root!.Element("channel")!;

    [Fact]
    public void Holds_the_five_seeds_in_seed_order()
    {
        var channel = Channel();
        Assert.Equal("Berita Humas Pemerintah (demo)", channel.Element("title")!.Value);

        var parser = new NewsDateParser();
        var dates = channel.Elements("item").Select(i =>
        {
            Assert.True(parser.TryParse(i.Element("pubDate")!.Value, DateTimeOffset.UtcNow, out var date));
            Assert.EndsWith("+0700", i.Element("pubDate")!.Value);
            return DateOnly.FromDateTime(date.DateTime);
        }).ToList();

        Assert.Equal(
            [new DateOnly(2017, 7, 14), new DateOnly(2019, 8, 21), new DateOnly(2017, 7, 12), new DateOnly(2019, 8, 13), new DateOnly(2015, 10, 6)],
            dates);
    }

    [Fact]
    public void Each_item_is_complete_and_its_link_names_the_institution()
    {
        var hosts = new List<string>();
        foreach (var item in Channel().Elements("item"))
        {
            var link = new Uri(item.Element("link")!.Value);
            hosts.Add(link.Host);
            Assert.Equal(link.AbsoluteUri, item.Element("guid")!.Value);
            Assert.False(string.IsNullOrWhiteSpace(item.Element("title")!.Value));
            Assert.False(string.IsNullOrWhiteSpace(item.Element("category")!.Value));
            Assert.InRange(item.Element("description")!.Value.Length, 50, 400);

            // The creator is the byline the article itself carries.
            var body = text.HtmlToText(item.Element(Content + "encoded")!.Value);
            Assert.Equal(item.Element(Dc + "creator")!.Value, text.FindByline(body));
            foreach (var fragment in ArticleTextSeedTests.ChromeFragments)
            {
                Assert.DoesNotContain(fragment, body, StringComparison.Ordinal);
            }
        }

        Assert.Equal(["www.setneg.go.id", "kemensos.go.id", "www.setneg.go.id", "www.setneg.go.id", "www.kominfo.go.id"], hosts);
    }

    [Fact]
    public void Sample_sources_bind_to_the_source_model()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(SampleSourcesPath()));
        Assert.Contains("UNTESTED HERE: NO INTERNET", json.RootElement.GetProperty("$comment").GetString());

        foreach (var source in json.RootElement.GetProperty("Sources").EnumerateArray())
        {
            Assert.True(Enum.TryParse<SourceKind>(source.GetProperty("Kind").GetString(), out _));
            var selectors = source.GetProperty("Selectors").Deserialize<HtmlSelectors>()!;
            Assert.False(string.IsNullOrWhiteSpace(selectors.ItemLink));
            Assert.StartsWith("https://", source.GetProperty("Url").GetString());
        }
    }

    [Theory]
    [InlineData("setneg-berita", "Html/setneg-listing.html", 3)]
    [InlineData("kemensos-berita", "Html/kemensos-listing.html", 1)]
    [InlineData("kominfo-berita", "Html/kominfo-listing.html", 2)]
    public async Task Sample_selectors_read_the_site_fixtures(string id, string listing, int expected)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(SampleSourcesPath()));
        var source = json.RootElement.GetProperty("Sources").EnumerateArray().Single(s => s.GetProperty("Id").GetString() == id);
        var selectors = source.GetProperty("Selectors").Deserialize<HtmlSelectors>()!;
        var fetcher = new FakeSourceFetcher();
        foreach (var (url, fixture) in HtmlListingReaderTests.ArticlePages)
        {
            fetcher.Serve(url, fixture);
        }

        var reader = new HtmlListingReader(
            fetcher, Options.Create(new IngestionOptions()), new NewsDateParser(),
            new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<HtmlListingReader>.Instance);
        var feed = await reader.ReadAsync(
            new Uri(source.GetProperty("Url").GetString()!), Fixture.Bytes(listing), selectors, CancellationToken.None);

        Assert.Equal(expected, feed.Items.Count);
        Assert.All(feed.Items, i => Assert.NotNull(i.PublishedAt));
        Assert.All(feed.Items, i => Assert.NotNull(i.Author));
    }

    /// <summary>docs/ is found from the test output upwards, whatever the build layout.</summary>
    private static string SampleSourcesPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "sources-sample.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/sources-sample.json not found above " + AppContext.BaseDirectory);
    }
}
