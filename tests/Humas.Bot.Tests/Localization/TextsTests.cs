using Humas.Bot.Localization;

namespace Humas.Bot.Tests.Localization;

public sealed class TextsTests
{
    private readonly JsonTexts _texts = new();

    [Fact]
    public void Indonesian_is_the_default_and_English_is_beside_it()
    {
        Assert.Equal("Ya", _texts.Get("common.yes", null));
        Assert.Equal("Ya", _texts.Get("common.yes", "fr"));
        Assert.Equal("Yes", _texts.Get("common.yes", "en-GB"));
    }

    [Fact]
    public void Every_text_has_both_languages_and_placeholders_that_match()
    {
        Assert.NotEmpty(_texts.Keys);
        foreach (var key in _texts.Keys)
        {
            var id = _texts.Get(key, "id");
            var en = _texts.Get(key, "en");
            Assert.False(string.IsNullOrWhiteSpace(id), key);
            Assert.False(string.IsNullOrWhiteSpace(en), key);
            Assert.Equal(Placeholders(id), Placeholders(en));
        }
    }

    [Fact]
    public void An_unknown_key_is_an_error_not_a_blank_message() =>
        Assert.Throws<KeyNotFoundException>(() => _texts.Get("no.such.key", "id"));

    private static List<string> Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+[^}]*\}").Select(m => m.Value).Order().ToList();
}
