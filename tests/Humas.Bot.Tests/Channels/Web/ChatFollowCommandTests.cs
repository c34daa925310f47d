using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Web;

/// <summary><c>/ikuti</c> and the settings menu's digest pickers in the web chat, through its JSON API.</summary>
public sealed class ChatFollowCommandTests : IDisposable
{
    private readonly WebHost _web = new();

    public void Dispose() => _web.Dispose();

    private async Task<JsonElement[]> PostAsync(string visitor, string path, object body)
    {
        var response = await _web.SendAsync(HttpMethod.Post, "/chat/api" + path, visitor, JsonContent.Create(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await WebHost.JsonAsync(response)).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("message")).ToArray();
    }

    private static string Text(JsonElement message) => message.TryGetProperty("text", out var t) ? t.GetString()! : "";

    private static IEnumerable<string> Actions(JsonElement message) =>
        message.TryGetProperty("buttons", out var rows)
            ? rows.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(b => b.GetProperty("action").GetString()!)
            : [];

    [Fact]
    public async Task The_chat_page_has_a_button_for_the_followed_words_in_either_language()
    {
        Assert.Contains("data-command=\"/ikuti\">Kata &amp; topik</button>", await _web.Client.GetStringAsync("/chat"), StringComparison.Ordinal);
        Assert.Contains("data-command=\"/follow\">Words &amp; topics</button>", await _web.Client.GetStringAsync("/chat?lang=en"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visitor_follows_and_unfollows_words_and_picks_a_daily_digest_hour()
    {
        var visitor = await _web.NewVisitorAsync();

        var added = await PostAsync(visitor, "/send", new { text = "/ikuti beasiswa; Kartu Indonesia Pintar" });
        Assert.Contains(added, m => Text(m) == "Anda sekarang mengikuti \"beasiswa\".\nAnda sekarang mengikuti \"kartu indonesia pintar\".");
        var removed = await PostAsync(visitor, "/send", new { text = "/berhenti_ikuti BEASISWA" });
        Assert.Contains(removed, m => Text(m) == "Anda berhenti mengikuti \"beasiswa\".");
        var list = await PostAsync(visitor, "/button", new { action = "sub:f" });
        Assert.Contains(list.SelectMany(Actions), a => a == "sub:k:kartu indonesia pintar");

        // A forged button for a category no article has follows nothing (an overlong action is refused by the chat API itself).
        await PostAsync(visitor, "/button", new { action = "sub:c:Tidak Ada" });

        var hours = await PostAsync(visitor, "/button", new { action = "set:hours:d" });
        Assert.Equal(24, hours.SelectMany(Actions).Count(a => a.StartsWith("set:mode:daily:", StringComparison.Ordinal)));
        var chosen = await PostAsync(visitor, "/button", new { action = "set:mode:daily:5" });
        Assert.Contains(chosen, m => Text(m).Contains("Ringkasan harian pukul 05.00", StringComparison.Ordinal));

        await using var db = _web.App.CreateDbContext();
        var conversation = await db.Set<Conversation>().SingleAsync(c => c.Channel == "web");
        Assert.Equal((DeliveryMode.DailyDigest, 5), (conversation.DeliveryMode, conversation.DigestHour));
        Assert.Equal(["kartu indonesia pintar"], await db.Set<Subscription>()
            .Where(s => s.ConversationId == conversation.Id && s.Target == SubscriptionTarget.Keyword).Select(s => s.Value).ToListAsync());
        Assert.False(await db.Set<Subscription>().AnyAsync(s => s.Target == SubscriptionTarget.Category));
    }
}
