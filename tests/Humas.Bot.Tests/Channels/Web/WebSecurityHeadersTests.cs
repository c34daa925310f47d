using System.Net;
using static Humas.Bot.Tests.Support.SecurityHeaderAssertions;

namespace Humas.Bot.Tests.Channels.Web;

/// <summary>
/// The web channel's security headers over HTTP: the chat page's strict Content-Security-Policy and its companions,
/// a policy that allows nothing on everything else the channel answers, and the widget's stylesheet as a file.
/// </summary>
public sealed class WebSecurityHeadersTests : IDisposable
{
    private readonly WebHost _web = new();

    public void Dispose() => _web.Dispose();

    [Theory]
    [InlineData("/chat")]
    [InlineData("/chat?lang=en")]
    public async Task The_chat_page_sends_a_strict_policy_and_may_not_be_framed(string path)
    {
        var response = await _web.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Policy(response);
        Assert.Equal(["'none'"], policy["default-src"]);
        Assert.Equal(["'self'"], policy["script-src"]);
        Assert.Equal(["'self'"], policy["style-src"]);
        Assert.Equal(["'self'"], policy["connect-src"]);
        Assert.Equal(["'self'"], policy["form-action"]);
        Assert.Equal(["'none'"], policy["base-uri"]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        // Article pictures are linked from the ministries' sites: any http(s) address, nothing else.
        Assert.Equal(["'self'", "http:", "https:"], policy["img-src"]);
        Assert.DoesNotContain(policy.Values.SelectMany(v => v), v => v is "'unsafe-inline'" or "'unsafe-eval'" or "*" or "data:");
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Single(response, "Referrer-Policy"));

        // A page revalidated by its ETag keeps them.
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        var notModified = await _web.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(Single(response, "Content-Security-Policy"), Single(notModified, "Content-Security-Policy"));
    }

    [Fact]
    public async Task The_page_needs_no_inline_script_or_style()
    {
        var html = await _web.Client.GetStringAsync("/chat");

        Assert.DoesNotMatch(@"<script(?![^>]*\ssrc=)", html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\son[a-z]+=", html);
    }

    [Fact]
    public async Task Every_other_answer_of_the_web_channel_allows_nothing_if_opened_as_a_document()
    {
        var article = await _web.PublishAsync();
        var visitor = await _web.NewVisitorAsync();
        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["/chat/chat.js"] = await _web.Client.GetAsync("/chat/chat.js"),
            ["/chat/chat.css"] = await _web.Client.GetAsync("/chat/chat.css"),
            ["/widget/reactions.js"] = await _web.Client.GetAsync("/widget/reactions.js"),
            ["/widget/reactions.css"] = await _web.Client.GetAsync("/widget/reactions.css"),
            ["POST /api/visitors"] = await _web.Client.PostAsync("/api/visitors", null),
            ["POST vote"] = await _web.VoteAsync(article, visitor, new { optionId = 1 }),
            ["GET /chat/api/messages"] = await _web.SendAsync(HttpMethod.Get, "/chat/api/messages", visitor),
            ["GET /chat/api/messages without a visitor"] = await _web.SendAsync(HttpMethod.Get, "/chat/api/messages", null),
        };

        foreach (var (name, response) in responses)
        {
            AssertResourceHeaders(response, name);
        }
    }

    [Fact]
    public async Task The_widget_s_stylesheet_is_a_file_cached_like_its_script_and_loadable_from_any_page()
    {
        var response = await _web.Client.GetAsync("/widget/reactions.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age=3600", response.Headers.CacheControl?.ToString());
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Contains(".humas-rx button[aria-pressed=true]", await response.Content.ReadAsStringAsync());
        // Loaded by other sites' pages without CORS (a plain <link>); an isolated page (COEP) needs this to let it.
        Assert.Equal("cross-origin", Single(response, "Cross-Origin-Resource-Policy"));
        Assert.Equal("cross-origin", Single(await _web.Client.GetAsync("/widget/reactions.js"), "Cross-Origin-Resource-Policy"));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/widget/reactions.css");
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _web.Client.SendAsync(conditional)).StatusCode);

        // The script links it; it writes no <style> of its own.
        var script = await _web.Client.GetStringAsync("/widget/reactions.js");
        Assert.Contains("reactions.css", script);
        Assert.DoesNotContain("createElement(\"style\")", script);
    }
}
