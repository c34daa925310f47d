using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Humas.Bot.Tests.Channels.Teams;

/// <summary>"Baca selengkapnya" on the Teams card is the counted link when the service has a public address.</summary>
public sealed class TeamsReadMoreLinkTests
{
    [Fact]
    public async Task The_cards_read_more_opens_the_counted_link()
    {
        await using var h = await TeamsHarness.StartAsync(new() { ["PublicUrl"] = "https://bot.setneg.go.id" });
        var chat = TeamsHarness.PersonalConversation("dewi");
        await h.PostAsync(h.Installed(chat, "dewi"));
        await h.PostAsync(h.Personal("dewi", "start"));
        await h.WaitForCallAsync(chat, c => c.Text?.Contains("Selamat datang", StringComparison.Ordinal) == true, "the welcome");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new { institution = "setneg", title = "Rakor Kontributor Berita", url = "https://www.setneg.go.id/baca/rakor", publishedAt = DateTimeOffset.UtcNow }),
        };
        request.Headers.Add("X-Api-Key", TeamsHarness.PublishKey);
        Assert.Equal(HttpStatusCode.Created, (await h.Http.SendAsync(request)).StatusCode);

        var sent = await h.WaitForCallAsync(chat, c => c.Method == "SEND" && c.Cards.Any(card => card["actions"] is JsonArray), "the article card");
        var readMore = sent.Cards.Single()["actions"]!.AsArray().Single()!;
        Assert.Equal("Action.OpenUrl", readMore["type"]!.GetValue<string>());
        Assert.Matches(@"^https://bot\.setneg\.go\.id/r/[A-Za-z0-9_-]{12}$", readMore["url"]!.GetValue<string>());

        var token = readMore["url"]!.GetValue<string>()[^12..];
        var client = h.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var opened = await client.GetAsync("/r/" + token);
        Assert.Equal("https://www.setneg.go.id/baca/rakor", opened.Headers.Location?.OriginalString);
        h.AssertAllCardsValid();
    }
}
