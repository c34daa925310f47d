using System.IO.Compression;
using System.Text;
using Humas.Bot.Ingestion;
using Humas.Bot.Ingestion.Articles;
using Humas.Bot.Ingestion.Feeds;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Sources;
using Humas.Bot.Ingestion.Text;
using Humas.Bot.Institutions;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Ingestion.Feeds;

/// <summary>
/// Hostile input on the paths the older formats opened: DOCTYPEs that name external DTDs, base64 payloads,
/// xhtml with script, xml:base pointing at javascript:, and HTML entities. HostileFeedTests has the rest.
/// </summary>
public class HostileFeedContentTests
{
    private static readonly Uri FeedUrl = new("https://humas.example.go.id/feed");

    private static ParsedFeed Parse(string xml, long maxBytes = 5 * 1024 * 1024) =>
        TestParsers.Feed(maxBytes).Parse(Encoding.UTF8.GetBytes(xml), FeedUrl);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Atom03Entry(string titleAttributes, string title, string link = "https://humas.example.go.id/1") =>
        $"""<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title {titleAttributes}>{title}</title><link rel="alternate" href="{link}"/></entry></feed>""";

    [Fact]
    public void A_doctype_with_any_internal_subset_is_refused_even_without_entities()
    {
        var error = Assert.Throws<FeedFormatException>(() => Parse("""<!DOCTYPE rss PUBLIC "-//x//EN" "rss.dtd" [ <!ELEMENT rss ANY> ]><rss version="0.91"><channel/></rss>"""));

        Assert.Equal("DTDs are not allowed", error.Message);
    }

    [Theory]
    [InlineData("""<!DOCTYPE rss SYSTEM "rss.dtd" <!ENTITY x "y">>""")]
    [InlineData("""<!DOCTYPE rss something-else>""")]
    public void A_doctype_that_is_more_than_a_name_and_external_identifiers_is_refused(string doctype)
    {
        var error = Assert.Throws<FeedFormatException>(() => Parse(doctype + """<rss version="0.91"><channel/></rss>"""));

        Assert.Equal("DTDs are not allowed", error.Message);
    }

    [Fact]
    public async Task An_external_dtd_named_by_the_doctype_is_never_fetched()
    {
        var requests = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.Run(context =>
        {
            Interlocked.Increment(ref requests);
            return context.Response.WriteAsync("<!ENTITY secret \"RAHASIA\">");
        }));
        var dtd = server.Url("rss-0.91.dtd");

        var feed = Parse($"""<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "{dtd}"><rss version="0.91"><channel><item><title>Rakor</title><link>https://humas.example.go.id/1</link></item></channel></rss>""");
        var error = Assert.Throws<FeedFormatException>(() =>
            Parse($"""<!DOCTYPE rss SYSTEM "{dtd}"><rss version="0.91"><channel><item><title>Rakor &secret;</title></item></channel></rss>"""));

        Assert.Equal("Rakor", Assert.Single(feed.Items).Title);
        Assert.StartsWith("invalid XML at line 1: ", error.Message);
        Assert.DoesNotContain("RAHASIA", error.ToString());
        Assert.Equal(0, Volatile.Read(ref requests));
    }

    [Fact]
    public void A_local_dtd_named_by_the_doctype_cannot_bring_a_file_into_the_feed()
    {
        var folder = Directory.CreateTempSubdirectory("humas-dtd-");
        try
        {
            var secret = $"RAHASIA-{Guid.NewGuid():N}";
            var secretPath = Path.Combine(folder.FullName, "secret.txt");
            File.WriteAllText(secretPath, secret);
            var dtdPath = Path.Combine(folder.FullName, "evil.dtd");
            File.WriteAllText(dtdPath, $"<!ENTITY secret SYSTEM \"{new Uri(secretPath).AbsoluteUri}\">");

            var error = Assert.Throws<FeedFormatException>(() =>
                Parse($"""<!DOCTYPE rss SYSTEM "{new Uri(dtdPath).AbsoluteUri}"><rss version="2.0"><channel><item><title>&secret;</title></item></channel></rss>"""));

            Assert.StartsWith("invalid XML at line 1: ", error.Message);
            Assert.DoesNotContain(secret, error.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_base64_payload_is_decoded_once_never_recursively()
    {
        var twice = Base64(Base64("<b>bom</b>"));

        var feed = Parse(Atom03Entry("""mode="base64" type="text/html" """, twice));

        Assert.Equal(Base64("<b>bom</b>"), feed.Items[0].Title);
    }

    [Fact]
    public void Base64_that_is_binary_compressed_or_invalid_is_never_shown_as_a_title()
    {
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(new byte[1_000_000]);
        }

        var png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
        foreach (var payload in new[] { png, Convert.ToBase64String(gzipped.ToArray()), "%%% bukan base64 %%%" })
        {
            var feed = Parse(Atom03Entry("""mode="base64" type="text/html" """, payload));

            var item = Assert.Single(feed.Items);
            Assert.Equal("", item.Title);
            Assert.Equal("https://humas.example.go.id/1", item.Link);
        }
    }

    [Fact]
    public void Huge_base64_stays_within_the_feed_cap_and_a_title_within_its_markup_limit()
    {
        var html = string.Concat(Enumerable.Repeat("<b>kata</b> ", 140_000));
        var xml = Atom03Entry("""mode="base64" type="text/html" """, Base64(html))
            .Replace("</entry>", $"""<content mode="base64" type="text/html">{Base64(html)}</content></entry>""", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(xml);
        var parser = TestParsers.Feed();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var item = Assert.Single(parser.Parse(body, FeedUrl).Items);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.InRange(item.Title.Length, 1, FeedReadContext.MaxHeadlineMarkup);
        Assert.DoesNotContain("<b>", item.Title);
        Assert.Equal(html, item.ContentHtml);
        // Text and its decoded forms, a few copies each: linear in the body, never a blow-up.
        Assert.True(allocated < 20L * body.Length, $"allocated {allocated} bytes for a {body.Length}-byte feed");
        Assert.Throws<FeedFormatException>(() => TestParsers.Feed(maxBytes: body.Length - 1).Parse(body, FeedUrl));
    }

    [Fact]
    public void Base64_hiding_deeply_nested_html_is_flattened_like_any_other_html()
    {
        var nested = string.Concat(Enumerable.Repeat("<div>", 100_000)) + "isi" + string.Concat(Enumerable.Repeat("</div>", 100_000));
        var xml = Atom03Entry("""mode="base64" type="text/html" """, Base64(nested))
            .Replace("</entry>", $"""<content mode="base64" type="text/html">{Base64(nested)}</content></entry>""", StringComparison.Ordinal);

        var item = Assert.Single(Parse(xml).Items);

        Assert.Equal("isi", new ArticleText().HtmlToText(item.ContentHtml!));
    }

    [Fact]
    public void Xhtml_with_script_style_and_handlers_never_reaches_a_reader()
    {
        const string xhtml = """<div xmlns="http://www.w3.org/1999/xhtml"><script>alert('judul')</script><style>b{color:red}</style>Judul <img src="x" onerror="alert('img')"/><b onclick="alert('klik')">Aman</b><noscript>alert('ns')</noscript></div>""";
        var xml = $"""
            <feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml">{xhtml}</title><subtitle type="xhtml">{xhtml}</subtitle>
            <entry><title type="xhtml">{xhtml}</title><link href="https://humas.example.go.id/1"/><summary type="xhtml">{xhtml}</summary><content type="xhtml">{xhtml}</content></entry></feed>
            """;

        var feed = Parse(xml);
        var draft = Drafts().FromFeedItem(SourceFor(feed), feed.Items[0], ArticleOrigin.Feed)!;

        Assert.Equal(("Judul Aman", "Judul Aman"), (feed.Title, feed.Description));
        Assert.Equal("Judul Aman", draft.Title);
        foreach (var text in new[] { draft.Title, draft.Summary, draft.Body })
        {
            Assert.DoesNotContain("alert", text);
            Assert.DoesNotContain("color", text);
        }
    }

    [Fact]
    public void Nested_xml_base_with_javascript_and_data_urls_never_becomes_a_link()
    {
        var feed = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="javascript:alert(1)//">
              <entry xml:base="data:text/html,x/"><title>Relatif</title><link href="berita/1"/></entry>
              <entry><title>Langsung</title><link href="javascript:alert(2)"/><id>tag:x,2019:2</id></entry>
              <entry xml:base="https://aman.example.go.id/arsip/"><title>Bersarang</title><link xml:base="vbscript:msgbox(3)/" href="3"/></entry>
              <entry xml:base="file:///etc/"><title>Berkas</title><link href="passwd"/></entry>
            </feed>
            """);

        Assert.Equal(
            ["https://humas.example.go.id/berita/1", null, "https://aman.example.go.id/arsip/3", "https://humas.example.go.id/passwd"],
            feed.Items.Select(i => i.Link));
    }

    [Fact]
    public void Xml_base_with_javascript_in_rss_leaves_relative_links_on_the_site()
    {
        var feed = Parse("""
            <rss version="2.0" xml:base="javascript:alert(1)//"><channel><link>https://humas.example.go.id/</link>
            <item xml:base="javascript:alert(2)//"><title>A</title><link>berita/a</link><enclosure url="foto.jpg" type="image/jpeg"/></item></channel></rss>
            """);

        Assert.Equal("https://humas.example.go.id/berita/a", feed.Items[0].Link);
        Assert.Equal("https://humas.example.go.id/foto.jpg", feed.Items[0].ImageUrl);
    }

    [Fact]
    public void A_feed_made_of_html_entities_still_fits_the_character_limit()
    {
        const long cap = 64 * 1024;
        var prefix = """<rss version="2.0"><channel><item><link>https://humas.example.go.id/1</link><description>""";
        const string suffix = "</description></item></channel></rss>";
        var entities = string.Concat(Enumerable.Repeat("&ne;", (int)(cap - prefix.Length - suffix.Length) / 4));

        var item = Assert.Single(Parse(prefix + entities + suffix, maxBytes: cap).Items);

        Assert.Equal(new string('≠', entities.Length / 4), item.SummaryHtml);
    }

    private static ArticleDraftFactory Drafts() => new(new ArticleText(), InstitutionHostMap.Fixed());

    private static Source SourceFor(ParsedFeed feed) =>
        new() { Id = "x", InstitutionId = "x", Name = feed.Title ?? "x", Url = FeedUrl.AbsoluteUri, ConfiguredUrl = FeedUrl.AbsoluteUri };
}
