using System.Text.Json.Nodes;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Channels.Teams;

/// <summary><c>cari</c> in a Teams personal chat: a card whose lines link the articles, valid for the Adaptive Cards library.</summary>
public sealed class TeamsFindCommandTests : IAsyncLifetime
{
    private TeamsHarness _h = null!;

    public async Task InitializeAsync() => _h = await TeamsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_search_is_answered_with_a_card_of_linked_titles()
    {
        Dictionary<string, string> urls;
        await using (var db = _h.Db())
        {
            urls = await SearchSeed.AddAsync(db, DateTime.UtcNow);
        }

        var chat = TeamsHarness.PersonalConversation("sari");
        await _h.PostAsync(_h.Installed(chat, "sari"));
        await _h.PostAsync(_h.Personal("sari", "start"));
        await _h.PostAsync(_h.Personal("sari", "cari bansos"));

        var answer = await _h.WaitForCallAsync(chat, c => c.Cards.Any(card => Texts(card).Any(t => t.Contains("bansos", StringComparison.Ordinal))), "the search answer");
        var texts = Texts(answer.Cards.Single()).ToList();
        Assert.Equal("Berita terbaru yang cocok dengan \"bansos\" dari yang Anda ikuti:", texts[0].Replace("\\", "", StringComparison.Ordinal));
        Assert.Equal($"1\\. [{SearchSeed.AidForFloodVictims}]({urls[SearchSeed.AidForFloodVictims]})", texts[1]);
        Assert.StartsWith("Kementerian Sosial · ", texts[2], StringComparison.Ordinal);
        Assert.Equal($"2\\. [{SearchSeed.AidPhaseFour}]({urls[SearchSeed.AidPhaseFour]})", texts[3]);
        _h.AssertAllCardsValid();
    }

    private static IEnumerable<string> Texts(JsonObject card) =>
        card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "TextBlock").Select(e => e!["text"]!.GetValue<string>());
}
