using System.Text;
using Humas.Bot.Ingestion;
using Humas.Bot.Ingestion.Articles;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Sources;
using Humas.Bot.Ingestion.Text;
using Humas.Bot.Institutions;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Ingestion.Feeds;

/// <summary>
/// The older and looser shapes feeds come in, one behaviour each. The conformance corpus
/// (Conformance/FeedConformanceTests) measures the same reader against two libraries over whole feeds.
/// </summary>
public class FeedVariantTests
{
    private static readonly Uri FeedUrl = new("https://humas.example.go.id/feed");

    private static ParsedFeed Parse(string xml) => TestParsers.Feed().Parse(Encoding.UTF8.GetBytes(xml), FeedUrl);

    private static ParsedFeed Conformance(string name, string url) =>
        TestParsers.Feed().Parse(Fixture.Bytes($"Feeds/Conformance/{name}.xml"), new Uri(url));

    [Fact]
    public void Rss_090_items_in_the_netscape_namespace_beside_the_channel_are_read()
    {
        var feed = Conformance("rss090-netscape", "https://www.slemankab.go.id/rss.rdf");

        Assert.Equal(FeedFormat.Rdf, feed.Format);
        Assert.Equal("Berita terkini Pemkab Sleman", feed.Description);
        Assert.Equal(["Bupati Sleman Resmikan Mal Pelayanan Publik", "Festival Budaya Sleman 2019"], feed.Items.Select(i => i.Title));
    }

    [Fact]
    public void Rss_091_with_the_netscape_doctype_is_read_and_its_html_entities_become_characters()
    {
        var feed = Conformance("rss091-netscape-doctype", "https://diskominfo.bandung.go.id/rss091.xml");

        Assert.Equal("Kafe Literasi édition 2: Bandung Membaca", feed.Items[0].Title);
        Assert.Equal("Program literasi «Bandung Membaca» dibuka Wali Kota.", feed.Items[0].SummaryHtml);
    }

    [Fact]
    public void Html_entities_inside_cdata_are_left_as_they_are()
    {
        var feed = Parse("""<rss version="2.0"><channel><item><title>A&nbsp;B</title><link>https://a.example/1</link><description><![CDATA[x&nbsp;y &copy;]]></description></item></channel></rss>""");

        Assert.Equal("x&nbsp;y &copy;", feed.Items[0].SummaryHtml);
        Assert.Equal("A B", feed.Items[0].Title);
    }

    [Fact]
    public void An_unknown_entity_name_is_still_invalid_xml()
    {
        var error = Assert.Throws<Humas.Bot.Ingestion.Feeds.FeedFormatException>(() =>
            Parse("""<rss version="2.0"><channel><item><title>A &bogus; B</title></item></channel></rss>"""));

        Assert.StartsWith("invalid XML at line 1: ", error.Message);
        Assert.Contains("bogus", error.Message);
    }

    [Theory]
    [InlineData("http://backend.userland.com/rss2")]
    [InlineData("http://blogs.law.harvard.edu/tech/rss")]
    [InlineData("http://backend.userland.com/rss")]
    public void Rss_in_a_namespace_is_rss(string ns)
    {
        var feed = Parse($"""<rss version="2.0" xmlns="{ns}"><channel><title>NS</title><item><title>Satu</title><link>https://a.example/1</link></item></channel></rss>""");

        Assert.Equal(FeedFormat.Rss2, feed.Format);
        Assert.Equal("NS", feed.Title);
        Assert.Equal("https://a.example/1", Assert.Single(feed.Items).Link);
    }

    [Fact]
    public void Rss_in_an_unknown_namespace_is_not_a_feed()
    {
        var error = Assert.Throws<Humas.Bot.Ingestion.Feeds.FeedFormatException>(() => Parse("""<rss xmlns="urn:x-other"><channel/></rss>"""));

        Assert.Equal("not a feed: root element <rss>", error.Message);
    }

    [Fact]
    public void Items_after_the_channel_are_read_after_the_channel_items()
    {
        var feed = Parse("""
            <rss version="0.92"><channel><title>T</title><link>https://a.example/</link><item><title>Dalam</title><link>dalam</link></item></channel>
            <item><title>Luar</title><link>luar</link></item></rss>
            """);

        // The channel link is the site the relative links were written against, for these items too.
        Assert.Equal(["https://a.example/dalam", "https://a.example/luar"], feed.Items.Select(i => i.Link));
    }

    [Fact]
    public void Dublin_core_title_and_description_are_fallbacks_wherever_they_appear()
    {
        var feed = Parse("""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><dc:title>DC</dc:title><title>RSS</title><dc:description>DC desc</dc:description>
            <item><dc:title>DC judul</dc:title><dc:description>DC isi</dc:description><title>Judul</title><description>Isi</description><link>https://a.example/1</link></item>
            <item><dc:title>Hanya DC</dc:title><dc:description>Isi DC</dc:description><link>https://a.example/2</link></item></channel></rss>
            """);

        Assert.Equal("RSS", feed.Title);
        Assert.Equal("DC desc", feed.Description);
        Assert.Equal(("Judul", "Isi"), (feed.Items[0].Title, feed.Items[0].SummaryHtml));
        Assert.Equal(("Hanya DC", "Isi DC"), (feed.Items[1].Title, feed.Items[1].SummaryHtml));
    }

    [Fact]
    public void An_rss_link_wins_over_an_atom_link_and_a_permalink_guid_whatever_their_order()
    {
        var feed = Parse("""
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
            <item><guid>https://a.example/guid</guid><atom:link href="https://a.example/atom"/><link>https://a.example/rss</link><title>A</title></item>
            <item><guid>https://a.example/guid2</guid><atom:link rel="self" href="https://a.example/self"/><atom:link href="https://a.example/atom2"/><title>B</title></item>
            <item><guid>https://a.example/guid3</guid><title>C</title></item></channel></rss>
            """);

        Assert.Equal(["https://a.example/rss", "https://a.example/atom2", "https://a.example/guid3"], feed.Items.Select(i => i.Link));
    }

    [Fact]
    public void Xml_base_on_a_guid_or_an_enclosure_applies_to_that_element()
    {
        var feed = Parse("""
            <rss version="2.0"><channel><link>https://a.example/</link>
            <item><title>A</title><guid xml:base="https://b.example/arsip/">berita-a</guid><enclosure xml:base="https://cdn.example/" url="a.jpg" type="image/jpeg"/></item></channel></rss>
            """);

        Assert.Equal("https://b.example/arsip/berita-a", feed.Items[0].Link);
        Assert.Equal("https://cdn.example/a.jpg", feed.Items[0].ImageUrl);
    }

    [Fact]
    public void Items_without_a_guid_are_identified_by_their_link()
    {
        var feed = Parse("""
            <rss version="0.91"><channel>
            <item><title>Satu</title><link>https://a.example/1</link></item>
            <item><title>Satu lagi</title><link>https://a.example/1</link></item>
            <item><title>Dua</title><link>https://a.example/2</link></item></channel></rss>
            """);

        Assert.Equal(["Satu", "Dua"], feed.Items.Select(i => i.Title));
    }

    [Fact]
    public void Atom_03_reads_tagline_issued_modified_and_escaped_or_inline_content()
    {
        var feed = Conformance("atom03", "https://humaspemda.blogspot.com/atom.xml");

        Assert.Equal(FeedFormat.Atom, feed.Format);
        Assert.Equal("Catatan tim humas pemerintah daerah", feed.Description);
        Assert.Equal(new DateTimeOffset(2005, 2, 28, 11, 0, 0, TimeSpan.Zero), feed.Items[0].UpdatedAt);
        Assert.Equal("<p>Rakor membahas <b>strategi komunikasi</b>.</p>", feed.Items[0].ContentHtml);
        Assert.Equal("Ringkasan <b>pelatihan</b>.", feed.Items[1].SummaryHtml);
        Assert.Equal("Tim Humas", feed.Items[1].Author);
    }

    [Fact]
    public void Atom_03_created_stands_in_when_there_is_no_issued()
    {
        var feed = Parse("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title>A</title><link rel="alternate" href="https://a.example/1"/>
            <created>2005-01-01T00:00:00Z</created><modified>2005-01-02T00:00:00Z</modified></entry></feed>
            """);

        Assert.Equal(new DateTimeOffset(2005, 1, 1, 0, 0, 0, TimeSpan.Zero), feed.Items[0].PublishedAt);
    }

    [Fact]
    public void Base64_titles_and_content_are_decoded_and_read_by_their_type()
    {
        var feed = Conformance("atom03-base64", "https://ppid.example.go.id/atom.xml");

        Assert.Equal("Tebal & Miring: Siaran Pers Pekan Ini", feed.Items[0].Title);
        Assert.Equal("<p>Isi siaran pers dalam <em>base64</em>.</p>", feed.Items[0].ContentHtml);
        Assert.Equal("Judul Teks Biasa", feed.Items[1].Title);
    }

    [Fact]
    public void A_base64_text_title_keeps_its_angle_brackets_as_text()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("Harga <tetap> & stabil"));

        var feed = Parse($"""<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title mode="base64" type="text/plain">{encoded}</title><link href="https://a.example/1"/></entry></feed>""");

        Assert.Equal("Harga <tetap> & stabil", feed.Items[0].Title);
    }

    [Fact]
    public void Binary_base64_content_has_no_text()
    {
        var feed = Conformance("atom10-base64", "https://www.museumnasional.or.id/atom");

        Assert.Equal("History of the <blink> tag", feed.Items[0].Title);
        Assert.Equal("Contoh Atom", feed.Description);
        Assert.Null(feed.Items[0].ContentHtml);
    }

    [Fact]
    public void Atom_titles_of_every_type_go_through_the_html_to_text_path()
    {
        var feed = Conformance("atom10-text-constructs", "https://www.esdm.go.id/feed/atom");

        Assert.Equal("Kementerian ESDM", feed.Title);
        Assert.Equal("Energi untuk rakyat", feed.Description);
        Assert.Equal(
            ["Harga BBM <tetap> hingga akhir tahun", "Listrik Desa & Energi Terbarukan", "Subsidi LPG Tepat Sasaran", "Tambang Rakyat Ditertibkan"],
            feed.Items.Select(i => i.Title));
        Assert.DoesNotContain(feed.Items, i => i.Title.Contains("alert", StringComparison.Ordinal));
    }

    [Fact]
    public void Xhtml_content_loses_its_wrapper_div_and_namespace()
    {
        var feed = Conformance("atom10-text-constructs", "https://www.esdm.go.id/feed/atom");

        Assert.Equal("""<p>Distribusi <a href="/lpg">LPG 3 kg</a>.</p><script>steal()</script>""", feed.Items[2].ContentHtml);
    }

    [Fact]
    public void Inline_html_elements_in_an_html_construct_are_read_as_markup()
    {
        var feed = Parse("""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">Ini <b>tebal</b></title><link href="https://a.example/1"/><content type="html"><p>Isi</p></content></entry></feed>""");

        Assert.Equal("Ini tebal", feed.Items[0].Title);
        Assert.Equal("<p>Isi</p>", feed.Items[0].ContentHtml);
    }

    [Fact]
    public void The_alternate_link_is_chosen_among_links_of_other_relations_including_the_iana_form()
    {
        var feed = Conformance("atom10-link-identity", "https://banyuwangikab.go.id/feed.atom");

        Assert.Equal("https://banyuwangikab.go.id/", feed.Link);
        Assert.Equal(
            ["https://banyuwangikab.go.id/berita/bec-2019", "https://banyuwangikab.go.id/berita/festival-kopi", "https://banyuwangikab.go.id/berita/cpns"],
            feed.Items.Select(i => i.Link));
    }

    [Fact]
    public void A_pre_1_0_link_written_as_text_is_read()
    {
        var feed = Parse("""<feed version="0.2" xmlns="http://purl.org/echo/"><entry><title>A</title><link>https://a.example/1</link></entry></feed>""");

        Assert.Equal("https://a.example/1", feed.Items[0].Link);
    }

    [Fact]
    public void Blank_lines_and_a_second_byte_order_mark_before_the_declaration_are_ignored()
    {
        Assert.Single(Conformance("rss2-leading-whitespace", "https://gowakab.go.id/rss.php").Items);
        Assert.Single(Conformance("rss2-double-bom", "https://makassarkota.go.id/rss").Items);
    }

    [Fact]
    public void A_draft_keeps_a_plain_title_as_it_is_instead_of_reading_it_as_html_again()
    {
        var feed = Conformance("atom10-text-constructs", "https://www.esdm.go.id/feed/atom");
        var drafts = new ArticleDraftFactory(new ArticleText(), InstitutionHostMap.Fixed());
        var source = new Source { Id = "esdm", InstitutionId = "esdm", Name = "ESDM", Url = "https://www.esdm.go.id/feed/atom", ConfiguredUrl = "https://www.esdm.go.id/feed/atom" };

        var draft = drafts.FromFeedItem(source, feed.Items[0], ArticleOrigin.Feed);

        Assert.Equal("Harga BBM <tetap> hingga akhir tahun", draft!.Title);
    }
}
