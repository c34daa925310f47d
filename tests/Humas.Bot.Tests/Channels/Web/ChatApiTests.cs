using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Humas.Bot.Channels.Web.Chat;
using Humas.Bot.Feedback;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Web;

public sealed class ChatApiTests : IDisposable
{
    /// <summary>Generous: the hosted fan-out and dispatcher run on their own; this only bounds a broken run.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly WebHost _web = new();

    public void Dispose() => _web.Dispose();

    private async Task<JsonElement[]> PostAsync(string visitor, string path, object body)
    {
        var response = await _web.SendAsync(HttpMethod.Post, "/chat/api" + path, visitor, JsonContent.Create(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await WebHost.JsonAsync(response)).GetProperty("messages").EnumerateArray().ToArray();
    }

    private async Task<JsonElement[]> HistoryAsync(string visitor)
    {
        var response = await _web.SendAsync(HttpMethod.Get, "/chat/api/messages", visitor);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await WebHost.JsonAsync(response)).GetProperty("messages").EnumerateArray().ToArray();
    }

    private static string Text(JsonElement envelope) => envelope.GetProperty("message").TryGetProperty("text", out var t) ? t.GetString()! : "";

    private static IEnumerable<string> Actions(JsonElement envelope) =>
        envelope.GetProperty("message").TryGetProperty("buttons", out var rows)
            ? rows.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(b => b.GetProperty("action").GetString()!)
            : [];

    private async Task<JsonElement> WaitForArticleAsync(string visitor, Guid article)
    {
        var found = default(JsonElement);
        await Eventually.UntilAsync(async () =>
        {
            found = (await HistoryAsync(visitor)).FirstOrDefault(m =>
                m.GetProperty("message").TryGetProperty("article", out var a) && a.GetProperty("articleId").GetString() == article.ToString());
            return found.ValueKind != JsonValueKind.Undefined;
        }, $"article {article} in the web chat");
        return found;
    }

    [Fact]
    public async Task Typed_commands_and_menu_buttons_subscribe_the_visitor_like_on_Telegram()
    {
        var visitor = await _web.NewVisitorAsync();

        var menu = await PostAsync(visitor, "/send", new { text = "/langganan" });

        Assert.Equal("visitor", menu[0].GetProperty("message").GetProperty("kind").GetString());
        Assert.Equal("/langganan", Text(menu[0]));
        Assert.Contains("sub:all", menu.SelectMany(Actions));

        var done = await PostAsync(visitor, "/button", new { action = "sub:all" });
        Assert.NotEmpty(done);

        await using var db = _web.App.CreateDbContext();
        var conversation = await db.Set<Conversation>().SingleAsync(c => c.Channel == "web");
        Assert.Equal(ConversationStatus.Active, conversation.Status);
        Assert.Contains(await db.Set<Subscription>().Where(s => s.ConversationId == conversation.Id).ToListAsync(), s => s.Target == SubscriptionTarget.All);

        // The history (a reopened page) shows the same conversation.
        var history = await HistoryAsync(visitor);
        Assert.Equal(menu.Length + done.Length, history.Length);
        Assert.Equal(menu.Select(m => m.GetProperty("id").GetInt64()), history.Take(menu.Length).Select(m => m.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task A_published_article_is_delivered_to_the_subscribed_visitor_with_five_reactions_through_the_engine()
    {
        var visitor = await _web.NewVisitorAsync();
        var bystander = await _web.NewVisitorAsync();
        await PostAsync(visitor, "/send", new { text = "/start" });
        await HistoryAsync(bystander);

        var article = await _web.PublishAsync("Rakornas Kemensos");
        var message = await WaitForArticleAsync(visitor, article);

        var card = message.GetProperty("message").GetProperty("article");
        Assert.Equal("Rakornas Kemensos", card.GetProperty("title").GetString());
        Assert.Equal("Bagaimana pendapat anda mengenai artikel ini?", card.GetProperty("question").GetString());
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, card.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()));
        Assert.DoesNotContain(await HistoryAsync(bystander), m => m.GetProperty("message").TryGetProperty("article", out _));

        // A press on the delivered message counts through the same service as the widget and Telegram, and toggles like Telegram.
        var voted = await _web.SendAsync(HttpMethod.Post, "/chat/api/react", visitor, JsonContent.Create(new { articleId = article.ToString(), optionId = 2 }));
        Assert.Equal(new[] { 0, 1, 0, 0, 0 }, await WebHost.CountsAsync(voted));
        var again = await _web.SendAsync(HttpMethod.Post, "/chat/api/react", visitor, JsonContent.Create(new { articleId = article.ToString(), optionId = 2 }));
        Assert.Equal(new[] { 0, 0, 0, 0, 0 }, await WebHost.CountsAsync(again));
        // The widget in the same browser sees the chat's vote as its own.
        await _web.SendAsync(HttpMethod.Post, "/chat/api/react", visitor, JsonContent.Create(new { articleId = article.ToString(), optionId = 4 }));
        var widget = await _web.VoteAsync(article, visitor, new { optionId = 4 });
        Assert.Equal(new[] { 0, 0, 0, 1, 0 }, await WebHost.CountsAsync(widget));
    }

    [Fact]
    public async Task The_event_stream_brings_a_new_article_while_the_page_is_open()
    {
        var visitor = await _web.NewVisitorAsync();
        await PostAsync(visitor, "/send", new { text = "/start" });
        var last = (await HistoryAsync(visitor)).Max(m => m.GetProperty("id").GetInt64());

        using var cts = new CancellationTokenSource(Patience);
        // A browser: its history request gets the HttpOnly chat cookie, and the stream's URL carries no token.
        using var browser = _web.App.CreateClient();
        using var history = new HttpRequestMessage(HttpMethod.Get, "/chat/api/messages");
        history.Headers.Add("X-Humas-Visitor", visitor);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(history, cts.Token)).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/chat/api/events?after={last}");
        using var response = await browser.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var article = await _web.PublishAsync("Siaran langsung");
        string? data = null;
        while (data is null)
        {
            var line = await reader.ReadLineAsync(cts.Token) ?? throw new Xunit.Sdk.XunitException("stream ended");
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains(article.ToString(), StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        var envelope = JsonDocument.Parse(data).RootElement;
        Assert.True(envelope.GetProperty("id").GetInt64() > last);
        Assert.Equal("Siaran langsung", envelope.GetProperty("message").GetProperty("article").GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_visitor_token_is_never_taken_from_a_query_string()
    {
        var visitor = await _web.NewVisitorAsync();
        using var fresh = _web.App.CreateClient();

        var inQuery = await fresh.GetAsync($"/chat/api/events?visitor={Uri.EscapeDataString(visitor)}");
        using var history = new HttpRequestMessage(HttpMethod.Get, "/chat/api/messages");
        history.Headers.Add("X-Humas-Visitor", visitor);
        var cookie = (await fresh.SendAsync(history)).Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("humas_chat=", StringComparison.Ordinal));

        await WebHost.AssertProblemAsync(inQuery, HttpStatusCode.Unauthorized);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/chat/api", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Events_and_history_refuse_a_forged_visitor()
    {
        await WebHost.AssertProblemAsync(await _web.Client.GetAsync("/chat/api/events?visitor=v1.forged"), HttpStatusCode.Unauthorized);
        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Get, "/chat/api/messages", "v1.x.y"), HttpStatusCode.Unauthorized);
        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Post, "/chat/api/send", null, JsonContent.Create(new { text = "/start" })), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Edits_and_recalls_by_the_engine_change_the_stored_message()
    {
        var visitor = await _web.NewVisitorAsync();
        await PostAsync(visitor, "/send", new { text = "/start" });
        var article = await _web.PublishAsync("Akan dikoreksi");
        var message = await WaitForArticleAsync(visitor, article);
        var id = message.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var channel = _web.Get<WebDeliveryChannel>();
        var address = WebChatSession.Address(_web.Get<Humas.Bot.Channels.Web.Visitors.VisitorIds>().Verify(visitor)!);

        await channel.EditAsync(address, id, new Humas.Bot.Delivery.Channels.ArticleMessage(article, "Setneg", "Sudah dikoreksi", "", "https://x.go.id/a", null, DateTime.UtcNow, [1, 0, 0, 0, 0], "id"), CancellationToken.None);
        var edited = (await HistoryAsync(visitor)).Single(m => m.GetProperty("id").GetInt64() == message.GetProperty("id").GetInt64());
        Assert.Equal("Sudah dikoreksi", edited.GetProperty("message").GetProperty("article").GetProperty("title").GetString());

        await channel.DeleteAsync(address, id, CancellationToken.None);
        Assert.DoesNotContain(await HistoryAsync(visitor), m => m.GetProperty("id").GetInt64() == message.GetProperty("id").GetInt64());
        // Editing or deleting what is gone is not an error (a retried recall, an expired message).
        await channel.EditAsync(address, id, new Humas.Bot.Delivery.Channels.TextMessage("x", "id"), CancellationToken.None);
        await channel.DeleteAsync(address, "999999", CancellationToken.None);
    }

    [Fact]
    public async Task Bad_chat_input_gets_problems_not_errors()
    {
        var visitor = await _web.NewVisitorAsync();
        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Post, "/chat/api/send", visitor, JsonContent.Create(new { text = "" })), HttpStatusCode.BadRequest);
        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Post, "/chat/api/send", visitor, new StringContent("{", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Post, "/chat/api/send", visitor, JsonContent.Create(new { text = new string('x', 5000) })), HttpStatusCode.RequestEntityTooLarge);
        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Post, "/chat/api/react", visitor, JsonContent.Create(new { articleId = "nope", optionId = 1 })), HttpStatusCode.BadRequest);
        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Post, "/chat/api/react", visitor, JsonContent.Create(new { articleId = Guid.NewGuid().ToString(), optionId = 9 })), HttpStatusCode.BadRequest);
        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Post, "/chat/api/react", visitor, JsonContent.Create(new { articleId = Guid.NewGuid().ToString(), optionId = 1 })), HttpStatusCode.NotFound);
        var old = await PostAsync(visitor, "/button", new { action = "zzz:unknown" });
        Assert.Single(old);
    }

    [Fact]
    public async Task The_chat_page_and_its_script_are_served_in_either_language()
    {
        var id = await _web.Client.GetStringAsync("/chat");
        var en = await _web.Client.GetStringAsync("/chat?lang=en");

        Assert.Contains("<html lang=\"id\">", id);
        Assert.Contains("data-command=\"/langganan\"", id);
        Assert.Contains("<label for=\"text\">", id);
        Assert.Contains("<html lang=\"en\">", en);
        Assert.Contains("data-command=\"/subscribe\"", en);
        Assert.DoesNotContain("{{", id);
        var script = await _web.Client.GetAsync("/chat/chat.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("__HUMAS_TEXTS__", await script.Content.ReadAsStringAsync());
    }
}
