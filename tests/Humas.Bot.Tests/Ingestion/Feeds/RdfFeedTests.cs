using Humas.Bot.Ingestion.Model;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Ingestion.Feeds;

public class RdfFeedTests
{
    private static ParsedFeed Parse() =>
        TestParsers.Feed().Parse(Fixture.Bytes("Feeds/rdf-setneg.xml"), new Uri("https://www.setneg.go.id/rss"));

    [Fact]
    public void An_rss1_feed_yields_channel_facts_and_sibling_items()
    {
        var feed = Parse();

        Assert.Equal(FeedFormat.Rdf, feed.Format);
        Assert.Equal("Kemensetneg (RSS 1.0)", feed.Title);
        Assert.Equal("https://www.setneg.go.id/", feed.Link);
        Assert.Equal(2, feed.Items.Count);
    }

    [Fact]
    public void Rdf_about_is_the_guid_and_dublin_core_fields_are_read()
    {
        var item = Parse().Items[0];

        Assert.Equal("https://www.setneg.go.id/baca/index/diskusi_tentang_inovasi_dan_strategi_kehumasan", item.Guid);
        Assert.Equal(new DateTimeOffset(2019, 8, 13, 8, 0, 0, TimeSpan.FromHours(7)), item.PublishedAt);
        Assert.Equal("Humas Kemensetneg", item.Author);
        Assert.Equal(["#IndonesiaBicaraBaik"], item.Categories);
        Assert.StartsWith("Kementerian Sekretariat Negara (Kemensetneg) menerima", item.SummaryHtml);
    }

    [Fact]
    public void A_relative_item_link_resolves_against_the_channel_link_and_a_missing_date_is_null()
    {
        var item = Parse().Items[1];

        Assert.Equal("https://www.setneg.go.id/baca/index/humas_kemensetneg_narasumber_timor_leste", item.Link);
        Assert.Null(item.PublishedAt);
    }

    [Fact]
    public void Syndication_daily_four_times_means_a_six_hour_ttl()
    {
        Assert.Equal(TimeSpan.FromHours(6), Parse().Ttl);
    }
}
