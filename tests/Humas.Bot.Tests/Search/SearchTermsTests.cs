using Humas.Bot.Search;

namespace Humas.Bot.Tests.Search;

public sealed class SearchTermsTests
{
    [Theory]
    [InlineData("Bansos", new[] { "bansos" })]
    [InlineData("  banjir   JAKARTA ", new[] { "banjir", "jakarta" })]
    [InlineData("\"banjir\" AND (jakarta OR bogor)", new[] { "banjir", "and", "jakarta", "or", "bogor" })]
    [InlineData("covid-19 * NEAR(a b)", new[] { "covid", "19", "near", "a", "b" })]
    [InlineData("'; DROP TABLE \"Articles\"; --", new[] { "drop", "table", "articles" })]
    [InlineData("banjir:* & !jakarta | <-> bogor", new[] { "banjir", "jakarta", "bogor" })]
    [InlineData("banjir banjir BANJIR", new[] { "banjir" })]
    [InlineData("ŞÜKRÜ café", new[] { "şükrü", "café" })]
    [InlineData("🎉🎉 **", new string[0])]
    [InlineData("", new string[0])]
    public void Only_words_of_letters_and_digits_are_kept(string input, string[] words)
    {
        Assert.Equal(words, SearchTerms.Parse(input).Words);
    }

    [Fact]
    public void Very_long_input_is_bounded_in_words_length_and_characters()
    {
        var terms = SearchTerms.Parse(string.Join(' ', Enumerable.Range(0, 500).Select(i => "kata" + i)));
        Assert.Equal(SearchTerms.MaxTerms, terms.Words.Count);

        var one = SearchTerms.Parse(new string('a', 100_000));
        Assert.Equal(SearchTerms.MaxTermLength, Assert.Single(one.Words).Length);

        var late = SearchTerms.Parse(new string(' ', SearchTerms.MaxInputLength) + "terlambat");
        Assert.True(late.IsEmpty);
    }

    [Fact]
    public void Each_database_gets_quoted_prefix_words_joined_by_and()
    {
        var terms = SearchTerms.Parse("Banjir jakarta");
        Assert.Equal("\"banjir\"* \"jakarta\"*", terms.ToFts5());
        Assert.Equal("banjir:* & jakarta:*", terms.ToTsQuery());
    }
}
