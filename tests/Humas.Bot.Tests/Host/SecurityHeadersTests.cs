using System.Net;
using Humas.Bot.Feedback;
using Humas.Bot.Tests.Channels.Web;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using static Humas.Bot.Tests.Support.SecurityHeaderAssertions;

namespace Humas.Bot.Tests.Host;

/// <summary>
/// Every answer of the service carries a policy under which it runs nothing, and nosniff: the endpoints' answers
/// (Feedback's reads) and those given before any endpoint runs (the rate limiter's 429, the CORS middleware's
/// preflight answers, a 404 no endpoint matched), and the exception handler's 500 (it clears the response, not the callback that writes them). The pages' own policies: WebSecurityHeadersTests, AdminSecurityHeadersTests.
/// </summary>
public sealed class SecurityHeadersTests : IDisposable
{
    private readonly WebHost _web = new(new() { ["Web:VotesPerMinutePerVisitor"] = "1" });

    public void Dispose() => _web.Dispose();

    [Fact]
    public async Task Feedback_s_two_reads_allow_nothing_if_opened_as_a_document()
    {
        const string url = "https://www.setneg.go.id/baca/rakor-kontributor";
        var article = await _web.PublishAsync(url: url);

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["GET /api/articles/{id}/reactions"] = await _web.Client.GetAsync($"/api/articles/{article}/reactions"),
            ["GET /api/reactions?url="] = await _web.Client.GetAsync("/api/reactions?url=" + Uri.EscapeDataString(url)),
            ["GET /api/articles/{unknown}/reactions"] = await _web.Client.GetAsync($"/api/articles/{Guid.NewGuid()}/reactions"),
            ["GET /api/reactions without url"] = await _web.Client.GetAsync("/api/reactions"),
        };

        Assert.Equal(HttpStatusCode.OK, responses["GET /api/articles/{id}/reactions"].StatusCode);
        Assert.Equal(HttpStatusCode.OK, responses["GET /api/reactions?url="].StatusCode);
        foreach (var (name, response) in responses)
        {
            AssertResourceHeaders(response, name);
        }
    }

    [Fact]
    public async Task The_rate_limiter_s_429_allows_nothing_if_opened_as_a_document()
    {
        var article = await _web.PublishAsync();
        var visitor = await _web.NewVisitorAsync();
        Assert.Equal(HttpStatusCode.OK, (await _web.VoteAsync(article, visitor, new { optionId = 1 })).StatusCode);

        var limited = await _web.VoteAsync(article, visitor, new { optionId = 2 });

        await WebHost.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        AssertResourceHeaders(limited, "429");
    }

    [Theory]
    [InlineData(WebHost.AllowedOrigin)]
    [InlineData("https://evil.example")]
    public async Task A_CORS_preflight_answer_allows_nothing_if_opened_as_a_document(string origin)
    {
        var article = await _web.PublishAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, $"/api/articles/{article}/reactions");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-humas-visitor");

        var response = await _web.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(origin == WebHost.AllowedOrigin, response.Headers.Contains("Access-Control-Allow-Origin"));
        AssertResourceHeaders(response, "preflight from " + origin);
    }

    [Fact]
    public async Task The_exception_handler_s_500_allows_nothing_if_opened_as_a_document()
    {
        // The reads' service fails: the exception handler clears the response and answers 500 as a problem.
        var failing = new Mock<IReactionService>();
        failing.Setup(r => r.GetTalliesAsync(It.IsAny<IReadOnlyCollection<Guid>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("the tallies cannot be read"));
        failing.Setup(r => r.GetTallyAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("the tally cannot be read"));
        using var web = new WebHost(services: s => s.AddSingleton(failing.Object));

        var response = await web.Client.GetAsync($"/api/articles/{Guid.NewGuid()}/reactions");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertResourceHeaders(response, "500");
    }

    [Theory]
    [InlineData("/tidak-ada")]
    [InlineData("/chat/tidak-ada.js")]
    [InlineData("/admin/tidak/ada/sama/sekali")]
    public async Task A_404_no_endpoint_matched_allows_nothing_if_opened_as_a_document(string path)
    {
        var response = await _web.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertResourceHeaders(response, path);
        Assert.False(response.Headers.Contains("X-Frame-Options"));
    }
}
