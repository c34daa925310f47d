using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Channels.Web;

/// <summary><c>/cari</c> and <c>/terbaru</c> in the web chat: the links arrive as a list the page renders as anchors.</summary>
public sealed class ChatFindCommandTests : IDisposable
{
    private readonly WebHost _web = new();

    public void Dispose() => _web.Dispose();

    private async Task<JsonElement[]> SendAsync(string visitor, string text)
    {
        var response = await _web.SendAsync(HttpMethod.Post, "/chat/api/send", visitor, JsonContent.Create(new { text }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await WebHost.JsonAsync(response)).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("message")).ToArray();
    }

    [Fact]
    public async Task A_search_answer_carries_its_articles_as_links_with_a_detail_line()
    {
        Dictionary<string, string> urls;
        await using (var db = _web.App.CreateDbContext())
        {
            urls = await SearchSeed.AddAsync(db, DateTime.UtcNow);
        }

        var visitor = await _web.NewVisitorAsync();
        await SendAsync(visitor, "/start");

        var messages = await SendAsync(visitor, "/cari banjir");

        var answer = messages.Single(m => m.GetProperty("kind").GetString() == "text" && m.TryGetProperty("links", out _));
        Assert.Equal("Berita terbaru yang cocok dengan \"banjir\" dari yang Anda ikuti:", answer.GetProperty("text").GetString());
        var links = answer.GetProperty("links").EnumerateArray().ToList();
        Assert.Equal([SearchSeed.AidForFloodVictims, SearchSeed.JakartaFloodRecedes, SearchSeed.BogorFloodAlert], links.Select(l => l.GetProperty("title").GetString()));
        Assert.Equal(urls[SearchSeed.AidForFloodVictims], links[0].GetProperty("url").GetString());
        Assert.StartsWith("Kementerian Sosial · ", links[0].GetProperty("detail").GetString(), StringComparison.Ordinal);

        var latest = (await SendAsync(visitor, "/terbaru")).Single(m => m.TryGetProperty("links", out _));
        Assert.Equal(4, latest.GetProperty("links").GetArrayLength());
    }
}
