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

    /// <summary>
    /// Each sentence once: the same Indonesian text with the same English under two keys is one sentence stored
    /// twice, and the two drift apart at the first edit. A channel words a core sentence its own way only under
    /// "{channel}.{core key}" with different words. The same Indonesian word with another English meaning
    /// ("Keluar": sign out / left) is two texts.
    /// </summary>
    [Fact]
    public void No_sentence_is_stored_under_two_keys()
    {
        var twice = StoredTwice(_texts.Keys, (key, language) => _texts.Get(key, language));

        Assert.Equal([], twice);
    }

    [Fact]
    public void A_sentence_stored_twice_is_found()
    {
        var texts = new DuplicateTexts();

        Assert.Equal(["teams.button.old = telegram.button.old"], StoredTwice(texts.Keys, texts.Get));
    }

    [Fact]
    public void An_unknown_key_is_an_error_not_a_blank_message() =>
        Assert.Throws<KeyNotFoundException>(() => _texts.Get("no.such.key", "id"));

    private static List<string> Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+[^}]*\}").Select(m => m.Value).Order().ToList();

    /// <summary>Groups of keys holding the same Indonesian and English text, each as "a = b".</summary>
    private static List<string> StoredTwice(IEnumerable<string> keys, Func<string, string, string> get) =>
        keys.GroupBy(key => (Id: get(key, "id"), En: get(key, "en")))
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" = ", g.Order(StringComparer.Ordinal)))
            .ToList();

    /// <summary>Two keys, one sentence: what the rule above must catch.</summary>
    private sealed class DuplicateTexts
    {
        private readonly Dictionary<string, (string Id, string En)> _table = new()
        {
            ["telegram.button.old"] = ("Tombol ini sudah tidak berlaku.", "This button is no longer valid."),
            ["teams.button.old"] = ("Tombol ini sudah tidak berlaku.", "This button is no longer valid."),
            ["admin.signout"] = ("Keluar", "Sign out"),
            ["admin.subscribers.left"] = ("Keluar", "Left"),
        };

        public IEnumerable<string> Keys => _table.Keys;

        public string Get(string key, string language) => language == "en" ? _table[key].En : _table[key].Id;
    }
}
