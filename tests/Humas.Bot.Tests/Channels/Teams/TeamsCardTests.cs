using System.Text.Json;
using System.Text.Json.Nodes;
using Humas.Bot.Channels.Teams;
using Humas.Bot.Channels.Teams.Cards;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Queue;

namespace Humas.Bot.Tests.Channels.Teams;

/// <summary>Every kind of card the Teams adapter builds, checked by the official Adaptive Cards library and for the wire rules.</summary>
public sealed class TeamsCardTests : IAsyncLifetime
{
    private TeamsHarness _h = null!;

    public async Task InitializeAsync() => _h = await TeamsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private TeamsCardBuilder Cards => _h.App.Services.GetRequiredService<TeamsCardBuilder>();

    private static ArticleMessage Article(string language = "id", string? image = "https://example.go.id/a.jpg") => new(
        Guid.NewGuid(), "Kementerian Sekretariat Negara", "Judul [dengan] kurung", "Ringkasan berita.", "https://example.go.id/berita",
        image, new DateTime(2017, 7, 14, 2, 0, 0, DateTimeKind.Utc), [3, 0, 1, 0, 2], language);

    [Fact]
    public void Every_card_kind_passes_the_Adaptive_Cards_library()
    {
        var cards = new List<JsonObject>
        {
            Cards.Article(Article()),
            Cards.Article(Article("en", image: null)),
            Cards.Digest(new DigestMessage(DigestPeriod.Daily, [new DigestEntry(Guid.NewGuid(), "Setneg", "Judul [1]", "https://example.go.id/1")], 1, 2, "id")),
            Cards.Reply(new ChatReply("Pilih:", [[new MessageButton("Semua", "sub:all")], [new MessageButton("Batal", "t:cancel")]]), "id"),
            Cards.Reply(new ChatReply("Usulan baru", [[new MessageButton("Terima", "tip:accept:12"), new MessageButton("Tolak", "tip:decline:12"), new MessageButton("Balas", "tip:reply:12")]]), "id"),
            Cards.Prompt(new PromptMessage("Balas usulan USL-202611-0001", "tip:send:12", "id")),
        };

        AdaptiveCardValidator.AssertValid(cards);
    }

    [Fact]
    public void The_validator_reports_a_broken_card_so_the_checks_above_can_fail()
    {
        var broken = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = "1.6",
            ["body"] = new JsonArray(new JsonObject { ["type"] = "NoSuchElement" }),
            ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "x" }),
        };

        var problems = AdaptiveCardValidator.Problems([broken]);

        Assert.Contains("version 1.6", problems, StringComparison.Ordinal);
        Assert.Contains("url", problems, StringComparison.Ordinal);
    }

    [Fact]
    public void The_article_activity_is_camelCase_without_nulls_and_carries_only_the_card()
    {
        var channel = _h.App.Services.GetRequiredService<TeamsDeliveryChannel>();

        var json = JsonSerializer.Serialize(channel.Render(Article(image: null)), TeamsJsonContext.Default.Activity);

        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Type\"", json, StringComparison.Ordinal);
        var activity = JsonNode.Parse(json)!;
        Assert.Null(activity["text"]);
        Assert.Equal("application/vnd.microsoft.card.adaptive", activity["attachments"]![0]!["contentType"]!.GetValue<string>());
        var reactions = activity["attachments"]![0]!["content"]!["body"]!.AsArray().Last()!["actions"]!.AsArray();
        Assert.Equal(["👍 3", "👏 0", "😐 1", "😟 0", "👎 2"], reactions.Select(r => r!["title"]!.GetValue<string>()));
    }

    private const string Planted = "Klik [di sini](https://phish.example/login) atau <https://phish.example> **PENTING** https://phish.example/x";

    [Fact]
    public void Titles_summaries_tips_and_replies_cannot_plant_a_link_or_formatting_in_a_card()
    {
        var article = new ArticleMessage(Guid.NewGuid(), "Setneg", Planted, "- " + Planted, "https://example.go.id/berita",
            null, new DateTime(2017, 7, 14, 2, 0, 0, DateTimeKind.Utc), [0, 0, 0, 0, 0], "id");
        var cards = new[]
        {
            Cards.Article(article),
            Cards.Reply(new ChatReply("Usulan anda: " + Planted, []), "id"),
            Cards.Reply(new ChatReply("Usulan baru:\n1. " + Planted, []), "id"),
            Cards.Digest(new DigestMessage(DigestPeriod.Daily, [new DigestEntry(Guid.NewGuid(), "Setneg", Planted, "https://example.go.id/1")], 1, 1, "id")),
        };

        var texts = cards.SelectMany(c => c["body"]!.AsArray()).Where(b => b!["type"]!.GetValue<string>() == "TextBlock")
            .Select(b => b!["text"]!.GetValue<string>()).Where(t => t.Contains("phish", StringComparison.Ordinal)).ToList();

        Assert.Equal(5, texts.Count);
        foreach (var text in texts)
        {
            // Every Markdown-active character of the sender's text is escaped; only our own digest link remains.
            var withoutOurLink = text.Replace("](https://example.go.id/1)", "", StringComparison.Ordinal);
            Assert.DoesNotMatch(@"(?<!\\)[\[\]()<>*]", withoutOurLink.TrimStart('\u2022', ' ', '['));
            Assert.DoesNotMatch(@"(?<!\\)://", withoutOurLink);
            Assert.Contains(@"\[di sini\]\(https\://phish.example/login\)", text, StringComparison.Ordinal);
        }

        Assert.StartsWith(@"\- Klik", texts[1], StringComparison.Ordinal);
        Assert.Contains("\n1\\. Klik", texts[3], StringComparison.Ordinal);
        Assert.StartsWith("• [Klik \\[di sini", texts[4], StringComparison.Ordinal);
        AdaptiveCardValidator.AssertValid(cards.ToList());
    }
}
