using Humas.Bot.Ingestion.Model;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Ingestion.Feeds;

public class AtomFeedTests
{
    private static ParsedFeed Parse() =>
        TestParsers.Feed().Parse(Fixture.Bytes("Feeds/atom-kominfo.xml"), new Uri("https://www.kominfo.go.id/feed/atom"));

    [Fact]
    public void An_atom_feed_yields_its_title_alternate_link_and_entries()
    {
        var feed = Parse();

        Assert.Equal(FeedFormat.Atom, feed.Format);
        Assert.Equal("Kementerian Komunikasi dan Informatika", feed.Title);
        Assert.Equal("https://www.kominfo.go.id/", feed.Link);
        Assert.Equal(3, feed.Items.Count);
        Assert.Null(feed.Ttl);
    }

    [Fact]
    public void The_atom_id_is_the_guid()
    {
        Assert.Equal("tag:kominfo.go.id,2015-10-06:8394", Parse().Items[0].Guid);
    }

    [Fact]
    public void Relative_links_resolve_against_xml_base_of_the_feed_and_of_the_entry()
    {
        var items = Parse().Items;

        Assert.Equal("https://www.kominfo.go.id/berita/sinergi-pengelolaan-komunikasi-publik", items[0].Link);
        Assert.Equal("https://www.kominfo.go.id/sorotan/jaringan-media-center", items[1].Link);
    }

    [Fact]
    public void An_html_title_becomes_plain_text()
    {
        Assert.Equal("Sinergi Pengelolaan Komunikasi Publik & Inpres 9/2015", Parse().Items[0].Title);
    }

    [Fact]
    public void Text_summary_is_escaped_xhtml_content_is_unwrapped_and_html_content_is_kept()
    {
        var items = Parse().Items;

        Assert.Equal("Denpasar - Kominfo. Insan Humas dituntut kian peka &amp; cakap dalam penyebaran informasi melalui media sosial.", items[0].SummaryHtml);
        Assert.Equal("<p>Dengan adanya <strong>Instruksi Presiden Nomor 9 Tahun 2015</strong> tentang Pengelolaan Komunikasi Publik, diharapkan tidak ada lagi kegiatan komunikasi kehumasan yang ego sektoral.</p>", items[0].ContentHtml);
        Assert.Equal("<p>Dirjen Usman Kansong mengharapkan motivasi pemangku kepentingan akan meningkat untuk berkolaborasi.</p>", items[1].ContentHtml);
    }

    [Fact]
    public void Published_and_updated_are_read_and_updated_stands_in_for_a_missing_published()
    {
        var items = Parse().Items;

        Assert.Equal(new DateTimeOffset(2015, 10, 6, 9, 0, 0, TimeSpan.FromHours(7)), items[0].PublishedAt);
        Assert.Equal(new DateTimeOffset(2015, 10, 6, 11, 30, 0, TimeSpan.FromHours(7)), items[0].UpdatedAt);
        Assert.Equal(new DateTimeOffset(2023, 11, 1, 8, 0, 0, TimeSpan.Zero), items[1].PublishedAt);
        Assert.Null(items[2].PublishedAt);
        Assert.Null(items[2].UpdatedAt);
    }

    [Fact]
    public void An_entry_without_author_inherits_the_feed_author()
    {
        var items = Parse().Items;

        Assert.Equal("daon001", items[0].Author);
        Assert.Equal("Humas Kominfo", items[1].Author);
    }

    [Fact]
    public void An_enclosure_link_is_an_enclosure_and_the_image_and_the_category_label_is_used()
    {
        var item = Parse().Items[0];

        Assert.Equal(new FeedEnclosure("https://www.kominfo.go.id/images/bimtek-denpasar.png", "image/png", 120000), Assert.Single(item.Enclosures));
        Assert.Equal("https://www.kominfo.go.id/images/bimtek-denpasar.png", item.ImageUrl);
        Assert.Equal(["Berita Kominfo"], item.Categories);
    }

    [Fact]
    public void An_entry_without_a_link_keeps_its_id_and_plain_summary()
    {
        var item = Parse().Items[2];

        Assert.Null(item.Link);
        Assert.Equal("tag:kominfo.go.id,2023:anugerah-kip", item.Guid);
        Assert.StartsWith("Kementerian Kominfo mendapatkan penghargaan", item.SummaryHtml);
    }
}
