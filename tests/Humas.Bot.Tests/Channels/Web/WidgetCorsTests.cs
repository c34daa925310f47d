using System.Net;
using System.Net.Http.Json;

namespace Humas.Bot.Tests.Channels.Web;

public sealed class WidgetCorsTests : IDisposable
{
    private readonly WebHost _web = new();

    public void Dispose() => _web.Dispose();

    [Fact]
    public async Task An_allowed_origin_gets_CORS_headers_on_GET_and_POST()
    {
        var article = await _web.PublishAsync();
        var visitor = await _web.NewVisitorAsync();

        var get = await _web.SendAsync(HttpMethod.Get, $"/api/articles/{article}/reactions", null, origin: WebHost.AllowedOrigin);
        var post = await _web.VoteAsync(article, visitor, new { optionId = 1 }, WebHost.AllowedOrigin);

        Assert.Equal(WebHost.AllowedOrigin, Assert.Single(get.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal(WebHost.AllowedOrigin, Assert.Single(post.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Another_origin_gets_no_CORS_headers()
    {
        var article = await _web.PublishAsync();

        var get = await _web.SendAsync(HttpMethod.Get, $"/api/articles/{article}/reactions", null, origin: "https://evil.example");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.False(get.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData(WebHost.AllowedOrigin, true)]
    [InlineData("https://evil.example", false)]
    public async Task The_stream_of_several_articles_is_opened_only_to_allowed_origins(string origin, bool allowed)
    {
        var article = await _web.PublishAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reactions/events?ids={article}");
        request.Headers.Add("Origin", origin);

        using var response = await _web.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(allowed, response.Headers.Contains("Access-Control-Allow-Origin"));
        if (allowed)
        {
            Assert.Equal(origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
            Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));
        }
    }

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_allows_the_visitor_header_and_POST()
    {
        var article = await _web.PublishAsync();

        var response = await PreflightAsync($"/api/articles/{article}/reactions", WebHost.AllowedOrigin);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(WebHost.AllowedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.Contains("x-humas-visitor", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant());
        Assert.True(response.Headers.Contains("Access-Control-Max-Age"));
        // The widget sends its visitor cookie (credentials: "include"); the browser needs this to let it.
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));

        var visitors = await PreflightAsync("/api/visitors", WebHost.AllowedOrigin);
        Assert.Equal(WebHost.AllowedOrigin, Assert.Single(visitors.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task A_preflight_from_another_origin_gets_no_CORS_headers()
    {
        var article = await _web.PublishAsync();

        var response = await PreflightAsync($"/api/articles/{article}/reactions", "https://evil.example");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Other_endpoints_are_not_opened_cross_origin()
    {
        var response = await _web.SendAsync(HttpMethod.Get, "/healthz", null, origin: WebHost.AllowedOrigin);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-humas-visitor");
        return await _web.Client.SendAsync(request);
    }
}
