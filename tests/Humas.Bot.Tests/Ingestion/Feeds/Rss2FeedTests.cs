using Humas.Bot.Ingestion.Model;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Ingestion.Feeds;

public class Rss2FeedTests
{
    private static readonly Uri FeedUrl = new("https://www.setneg.go.id/feed/rss.xml");

    private static ParsedFeed Parse(string fixture) => TestParsers.Feed().Parse(Fixture.Bytes($"Feeds/{fixture}"), FeedUrl);

    [Fact]
    public void An_rss2_channel_yields_its_title_link_and_items_in_order()
    {
        var feed = Parse("rss2-setneg.xml");

        Assert.Equal(FeedFormat.Rss2, feed.Format);
        Assert.Equal("Kementerian Sekretariat Negara - Berita", feed.Title);
        Assert.Equal("https://www.setneg.go.id/", feed.Link);
        Assert.Equal(
            ["Menguatkan Peran Kehumasan, Kemensetneg Mengadakan Rakor Kontributor Berita", "Humas Kemensetneg Menjadi Narasumber Pelatihan Kehumasan Timor Leste"],
            feed.Items.Select(i => i.Title));
    }

    [Fact]
    public void The_ttl_in_minutes_becomes_the_feed_ttl()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), Parse("rss2-setneg.xml").Ttl);
    }

    [Fact]
    public void Cdata_html_in_the_description_is_kept_raw()
    {
        var item = Parse("rss2-setneg.xml").Items[0];

        Assert.StartsWith("<p>Rakor yang juga dihadiri", item.SummaryHtml);
        Assert.Contains("<b>Kontributor Berita</b>", item.SummaryHtml);
    }

    [Fact]
    public void Entity_escaped_html_in_the_description_is_unescaped_once()
    {
        var item = Parse("rss2-setneg.xml").Items[1];

        Assert.Contains("<i>dilaksanakan dari tanggal 3 s.d. 14 Juli 2017</i>", item.SummaryHtml);
    }

    [Fact]
    public void A_relative_item_link_resolves_against_the_channel_link()
    {
        var item = Parse("rss2-setneg.xml").Items[1];

        Assert.Equal("https://www.setneg.go.id/baca/index/humas_kemensetneg_menjadi_narasumber_pelatihan_kehumasan_timor_leste", item.Link);
    }

    [Fact]
    public void A_relative_link_without_a_channel_link_resolves_against_the_feed_url()
    {
        const string xml = """<rss version="2.0"><channel><item><title>Rakor</title><link>berita/rakor</link></item></channel></rss>""";

        var feed = TestParsers.Feed().Parse(System.Text.Encoding.UTF8.GetBytes(xml), new Uri("https://humas.example.go.id/feed/"));

        Assert.Equal("https://humas.example.go.id/feed/berita/rakor", feed.Items[0].Link);
    }

    [Fact]
    public void Pub_date_with_an_offset_is_read_and_a_missing_date_is_null()
    {
        var items = Parse("rss2-setneg.xml").Items;

        Assert.Equal(new DateTimeOffset(2017, 7, 14, 10, 0, 0, TimeSpan.FromHours(7)), items[0].PublishedAt);
        Assert.Null(items[1].PublishedAt);
        Assert.Null(items[1].UpdatedAt);
    }

    [Fact]
    public void Guid_categories_author_and_enclosure_are_read()
    {
        var items = Parse("rss2-setneg.xml").Items;

        Assert.Equal("setneg-2017-07-14-rakor", items[0].Guid);
        Assert.Equal(["Kegiatan", "Kehumasan"], items[0].Categories);
        var enclosure = Assert.Single(items[0].Enclosures);
        Assert.Equal(new FeedEnclosure("https://www.setneg.go.id/images/rakor-kontributor.jpg", "image/jpeg", 48213), enclosure);
        Assert.Equal("humas@setneg.go.id (FAF - Humas Kemensetneg)", items[1].Author);
    }

    [Fact]
    public void An_image_enclosure_becomes_the_item_image()
    {
        Assert.Equal("https://www.setneg.go.id/images/rakor-kontributor.jpg", Parse("rss2-setneg.xml").Items[0].ImageUrl);
    }

    [Fact]
    public void A_guid_that_is_a_permalink_stands_in_for_a_missing_link()
    {
        var item = Parse("rss2-duplicates.xml").Items[0];

        Assert.Equal("https://www.setneg.go.id/baca/index/diskusi_tentang_inovasi_dan_strategi_kehumasan", item.Link);
    }

    [Fact]
    public void A_guid_marked_not_permalink_is_not_used_as_the_link()
    {
        const string xml = """<rss version="2.0"><channel><item><title>Rakor</title><guid isPermaLink="false">https://www.setneg.go.id/?p=1</guid></item></channel></rss>""";

        var item = Assert.Single(TestParsers.Feed().Parse(System.Text.Encoding.UTF8.GetBytes(xml), FeedUrl).Items);

        Assert.Null(item.Link);
        Assert.Equal("https://www.setneg.go.id/?p=1", item.Guid);
    }

    [Fact]
    public void A_repeated_guid_keeps_only_the_first_item()
    {
        var items = Parse("rss2-duplicates.xml").Items;

        var withGuid = Assert.Single(items, i => i.Guid == "https://www.setneg.go.id/baca/index/diskusi_tentang_inovasi_dan_strategi_kehumasan");
        Assert.Equal("Diskusi Tentang Inovasi dan Strategi Kehumasan, Kemensetneg Kolaborasi dengan PERHUMAS", withGuid.Title);
    }

    [Fact]
    public void An_item_without_link_guid_or_title_is_skipped_and_an_unreadable_date_is_null()
    {
        var items = Parse("rss2-duplicates.xml").Items;

        Assert.Equal(2, items.Count);
        Assert.DoesNotContain(items, i => i.SummaryHtml == "Di baca 7697 kali");
        var titleOnly = items[1];
        Assert.Equal("Menguatkan Peran Kehumasan, Kemensetneg Mengadakan Rakor Kontributor Berita", titleOnly.Title);
        Assert.Null(titleOnly.PublishedAt);
    }

    [Fact]
    public void Xml_base_on_the_channel_wins_over_the_channel_link()
    {
        const string xml = """
            <rss version="2.0"><channel xml:base="https://cdn.setneg.go.id/arsip/">
              <link>https://www.setneg.go.id/</link>
              <item><title>Rakor</title><link>2017/rakor</link></item>
            </channel></rss>
            """;

        var item = Assert.Single(TestParsers.Feed().Parse(System.Text.Encoding.UTF8.GetBytes(xml), FeedUrl).Items);

        Assert.Equal("https://cdn.setneg.go.id/arsip/2017/rakor", item.Link);
    }

    [Fact]
    public void A_javascript_link_is_dropped()
    {
        const string xml = """<rss version="2.0"><channel><item><title>Rakor</title><link>javascript:alert(1)</link></item></channel></rss>""";

        var item = Assert.Single(TestParsers.Feed().Parse(System.Text.Encoding.UTF8.GetBytes(xml), FeedUrl).Items);

        Assert.Null(item.Link);
    }
}
