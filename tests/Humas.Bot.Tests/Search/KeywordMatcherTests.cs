using Humas.Bot.Search;

namespace Humas.Bot.Tests.Search;

public sealed class KeywordMatcherTests
{
    private static readonly KeywordMatcher Article = new(
        "Penyaluran BANSOS tahap IV dimulai",
        "Kemensos menyalurkan bantuan bagi korban Banjir Jakarta, Bekasi dan Bogor.",
        "Program beasiswa-unggulan dibuka. Kartu Indonesia Pintar (KIP) Kuliah; COVID-19 tidak lagi jadi syarat.");

    [Theory]
    [InlineData("bansos")] // case folded
    [InlineData("banjir jakarta")] // a phrase, across a capital and before a comma
    [InlineData("beasiswa unggulan")] // a hyphen separates words
    [InlineData("covid 19")]
    [InlineData("kip")]
    [InlineData("kartu indonesia pintar")]
    public void Whole_words_and_phrases_match_in_any_case(string keyword) =>
        Assert.True(Article.Matches(FollowedKeyword.Normalize(keyword)!), keyword);

    [Theory]
    [InlineData("bans")] // part of a word
    [InlineData("beasiswanya")]
    [InlineData("jakarta banjir")] // words out of order
    [InlineData("banjir bekasi")] // not next to each other
    [InlineData("dimulai kemensos")] // a phrase does not run from the title into the summary
    [InlineData("gempa")]
    public void Parts_of_words_and_scattered_words_do_not(string keyword) =>
        Assert.False(Article.Matches(FollowedKeyword.Normalize(keyword)!), keyword);

    [Theory]
    [InlineData("  Banjir   JAKARTA ", "banjir jakarta")]
    [InlineData("\"bansos\"!", "bansos")]
    [InlineData("COVID-19", "covid 19")]
    [InlineData("***", null)]
    [InlineData("", null)]
    public void Keywords_are_stored_as_lower_case_words_joined_by_one_space(string input, string? stored) =>
        Assert.Equal(stored, FollowedKeyword.Normalize(input));

    [Fact]
    public void Case_is_folded_the_same_whatever_the_culture()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            // Turkish lower-cases "I" to a dotless "ı"; a reader's keyword must not depend on the server's culture.
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("tr-TR");
            Assert.Equal("kip indonesia", FollowedKeyword.Normalize("KIP INDONESIA"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void A_keyword_longer_than_the_limit_is_refused()
    {
        Assert.NotNull(FollowedKeyword.Normalize(new string('a', FollowedKeyword.MaxLength)));
        Assert.Null(FollowedKeyword.Normalize(new string('a', FollowedKeyword.MaxLength + 1)));
    }

    [Fact]
    public void Matching_returns_each_occurring_keyword_once()
    {
        Assert.Equal(["bansos", "kip"], Article.Matching(["bansos", "gempa", "kip"]));
    }
}
