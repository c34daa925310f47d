using System.Text.Json.Nodes;
using Humas.Bot.FakePlatforms.Teams;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Teams;

/// <summary><c>ikuti</c> in a Teams personal chat, typed without the slash, and the ✖ button on the list card.</summary>
public sealed class TeamsFollowCommandTests : IAsyncLifetime
{
    private TeamsHarness _h = null!;

    public async Task InitializeAsync() => _h = await TeamsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_reader_follows_a_phrase_sees_it_listed_and_removes_it_with_the_button()
    {
        var chat = TeamsHarness.PersonalConversation("wati");
        await _h.PostAsync(_h.Installed(chat, "wati"));
        await _h.PostAsync(_h.Personal("wati", "ikuti banjir Jakarta"));
        await _h.WaitForCallAsync(chat, c => AllText(c).Contains("Anda sekarang mengikuti \"banjir jakarta\".", StringComparison.Ordinal), "the keyword confirmed");

        await _h.PostAsync(_h.Personal("wati", "ikuti"));
        var list = await _h.WaitForCallAsync(chat, c => Actions(c).Contains("sub:k:banjir jakarta"), "the list card with its ✖ button");
        Assert.Contains("Kata: \"banjir jakarta\"", AllText(list), StringComparison.Ordinal);

        await _h.PostAsync(_h.Submit(chat, "wati", "sub:k:banjir jakarta"));
        await _h.WaitForCallAsync(chat, c => AllText(c).Contains("Anda belum mengikuti kata atau topik apa pun.", StringComparison.Ordinal), "the emptied list");
        await using var db = _h.Db();
        Assert.False(await db.Set<Subscription>().AnyAsync(s => s.Target == SubscriptionTarget.Keyword));
        _h.AssertAllCardsValid();
    }

    private static string AllText(ConnectorCall call) =>
        (call.Text ?? "") + "\n" + string.Join("\n", call.Cards.SelectMany(c => c["body"]!.AsArray())
            .Where(e => e!["type"]!.GetValue<string>() == "TextBlock").Select(e => e!["text"]!.GetValue<string>()));

    private static IReadOnlyList<string> Actions(ConnectorCall call) =>
        call.Cards.SelectMany(c => c["body"]!.AsArray()).Where(e => e!["type"]!.GetValue<string>() == "ActionSet")
            .SelectMany(s => s!["actions"]!.AsArray()).Select(a => a!["data"]?["humas"]?.GetValue<string>() ?? "").ToList();
}
