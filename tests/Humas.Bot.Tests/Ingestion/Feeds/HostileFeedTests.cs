using System.Diagnostics;
using System.Text;
using Humas.Bot.Ingestion.Feeds;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Ingestion.Feeds;

public class HostileFeedTests
{
    private static readonly Uri FeedUrl = new("https://www.setneg.go.id/feed");

    [Fact]
    public void An_external_entity_is_never_resolved_and_the_dtd_is_refused()
    {
        var secretPath = Path.Combine(Path.GetTempPath(), $"humas-secret-{Guid.NewGuid():N}.txt");
        var secret = $"RAHASIA-{Guid.NewGuid():N}";
        File.WriteAllText(secretPath, secret);
        try
        {
            var xml = Fixture.Text("Feeds/xxe.xml").Replace("{SECRET_PATH}", secretPath);

            var error = Assert.Throws<FeedFormatException>(() => TestParsers.Feed().Parse(Encoding.UTF8.GetBytes(xml), FeedUrl));

            Assert.Equal("DTDs are not allowed", error.Message);
            Assert.DoesNotContain(secret, error.ToString());
        }
        finally
        {
            File.Delete(secretPath);
        }
    }

    [Fact]
    public void Billion_laughs_is_rejected_fast_without_expanding()
    {
        var body = Fixture.Bytes("Feeds/billion-laughs.xml");
        var parser = TestParsers.Feed();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<FeedFormatException>(() => parser.Parse(body, FeedUrl));

        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal("DTDs are not allowed", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        // Expanded, lol9 is 10^9 "lol"s (~3 GB of text); a refusal allocates a few hundred KB at most.
        Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void An_html_page_is_reported_as_not_a_feed()
    {
        var error = Assert.Throws<FeedFormatException>(() => TestParsers.Feed().Parse(Fixture.Bytes("Feeds/html-page.html"), FeedUrl));

        Assert.Equal("not a feed: root element <html>", error.Message);
    }

    [Fact]
    public void An_html_page_without_a_doctype_is_reported_as_not_a_feed()
    {
        const string html = "<html><head><meta charset=\"utf-8\"><title>Kemensos</title></head><body><p>Humas Diingatkan Tidak Gaptek</body></html>";

        var error = Assert.Throws<FeedFormatException>(() => TestParsers.Feed().Parse(Encoding.UTF8.GetBytes(html), FeedUrl));

        Assert.Equal("not a feed: root element <html>", error.Message);
    }

    [Fact]
    public void Well_formed_xml_of_another_kind_is_not_a_feed()
    {
        var error = Assert.Throws<FeedFormatException>(() => TestParsers.Feed().Parse("<sitemap><loc>https://kominfo.go.id/</loc></sitemap>"u8.ToArray(), FeedUrl));

        Assert.Equal("not a feed: root element <sitemap>", error.Message);
    }

    [Fact]
    public void Invalid_xml_names_the_line_in_one_line()
    {
        var error = Assert.Throws<FeedFormatException>(() => TestParsers.Feed().Parse(Fixture.Bytes("Feeds/invalid.xml"), FeedUrl));

        Assert.StartsWith("invalid XML at line 4: ", error.Message);
        Assert.Contains("'title'", error.Message);
        Assert.DoesNotContain("\n", error.Message);
        Assert.DoesNotMatch(@"Line \d+, position \d+\.$", error.Message);
    }

    [Fact]
    public void A_truncated_feed_is_invalid_xml()
    {
        var whole = Fixture.Bytes("Feeds/rss2-setneg.xml");

        var error = Assert.Throws<FeedFormatException>(() => TestParsers.Feed().Parse(whole[..(whole.Length / 2)], FeedUrl));

        Assert.StartsWith("invalid XML at line ", error.Message);
    }

    [Fact]
    public void Json_is_invalid_xml_at_line_one()
    {
        var error = Assert.Throws<FeedFormatException>(() => TestParsers.Feed().Parse("{\"items\":[]}"u8.ToArray(), FeedUrl));

        Assert.StartsWith("invalid XML at line 1: ", error.Message);
    }

    [Fact]
    public void An_empty_body_is_not_a_feed()
    {
        var error = Assert.Throws<FeedFormatException>(() => TestParsers.Feed().Parse([], FeedUrl));

        Assert.Equal("not a feed: the body is empty", error.Message);
    }

    [Fact]
    public void A_body_over_the_cap_is_refused_before_parsing()
    {
        var body = Fixture.Bytes("Feeds/rss2-setneg.xml");

        var error = Assert.Throws<FeedFormatException>(() => TestParsers.Feed(maxBytes: 1024).Parse(body, FeedUrl));

        Assert.Equal("feed is larger than the 1 KB cap", error.Message);
    }

    [Fact]
    public void A_body_exactly_at_the_cap_is_parsed()
    {
        var body = Fixture.Bytes("Feeds/rss2-setneg.xml");

        var feed = TestParsers.Feed(maxBytes: body.Length).Parse(body, FeedUrl);

        Assert.Equal(2, feed.Items.Count);
    }
}
