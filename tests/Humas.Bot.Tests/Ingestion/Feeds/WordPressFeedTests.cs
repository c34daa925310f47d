using Humas.Bot.Ingestion.Model;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Ingestion.Feeds;

public class WordPressFeedTests
{
    private static ParsedFeed Parse() =>
        TestParsers.Feed().Parse(Fixture.Bytes("Feeds/wordpress-kemensos.xml"), new Uri("https://kemensos.go.id/feed"));

    [Fact]
    public void Content_encoded_becomes_the_content_and_description_the_summary()
    {
        var item = Parse().Items[0];

        Assert.StartsWith("<p>Jakarta, Humas – Humas pemerintah dituntut", item.ContentHtml);
        Assert.Contains("“Tidak boleh ada lagi petugas humas yang gaptek", item.ContentHtml);
        Assert.Equal("Jakarta, Humas – Humas pemerintah dituntut untuk mampu memanfaatkan kecanggihan teknologi, guna memaksimalkan kerja kehumasan. [&#8230;]", item.SummaryHtml);
    }

    [Fact]
    public void Dc_creator_is_the_author_and_categories_are_deduplicated_ignoring_case()
    {
        var item = Parse().Items[0];

        Assert.Equal("Masran Rauf", item.Author);
        Assert.Equal(["Berita", "Kehumasan"], item.Categories);
        Assert.Equal("https://kemensos.go.id/?p=12345", item.Guid);
        Assert.Equal("https://kemensos.go.id/dari-rakornas-kehumasan-kemensos-humas-diingatkan-tidak-gaptek", item.Link);
    }

    [Fact]
    public void The_first_media_image_wins_over_videos_and_later_thumbnails()
    {
        Assert.Equal("https://kemensos.go.id/wp-content/uploads/2019/08/rakornas-humas.jpg", Parse().Items[0].ImageUrl);
    }

    [Fact]
    public void A_relative_media_thumbnail_resolves_against_the_site()
    {
        Assert.Equal("https://kemensos.go.id/wp-content/uploads/2019/08/nation-branding-150x150.jpg", Parse().Items[1].ImageUrl);
    }

    [Fact]
    public void Syndication_hourly_twice_means_a_thirty_minute_ttl()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), Parse().Ttl);
    }

    [Fact]
    public void Pub_date_is_read()
    {
        Assert.Equal(new DateTimeOffset(2019, 8, 21, 10, 15, 0, TimeSpan.FromHours(7)), Parse().Items[0].PublishedAt);
    }
}
