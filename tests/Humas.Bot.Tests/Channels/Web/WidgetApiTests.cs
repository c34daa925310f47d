using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Humas.Bot.Channels.Web.Visitors;
using Humas.Bot.Feedback;

namespace Humas.Bot.Tests.Channels.Web;

public sealed class WidgetApiTests : IDisposable
{
    private readonly WebHost _web = new();

    public void Dispose() => _web.Dispose();

    [Fact]
    public async Task A_vote_counts_once_switches_and_answers_in_the_shape_GET_returns()
    {
        var article = await _web.PublishAsync();
        var visitor = await _web.NewVisitorAsync();

        var first = await _web.VoteAsync(article, visitor, new { optionId = 2 });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await WebHost.JsonAsync(first);
        Assert.Equal(["articleId", "total", "options", "yourOptionId"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, body.GetProperty("yourOptionId").GetInt32());
        Assert.Equal(new[] { 0, 1, 0, 0, 0 }, await WebHost.CountsAsync(first));

        // The same option again stays chosen (a page's explicit choice, not a toggle).
        var again = await _web.VoteAsync(article, visitor, new { optionId = 2 });
        Assert.Equal(new[] { 0, 1, 0, 0, 0 }, await WebHost.CountsAsync(again));

        var switched = await _web.VoteAsync(article, visitor, new { optionId = 5 });
        Assert.Equal(new[] { 0, 0, 0, 0, 1 }, await WebHost.CountsAsync(switched));

        var get = await _web.Client.GetAsync($"/api/articles/{article}/reactions");
        Assert.Equal(new[] { 0, 0, 0, 0, 1 }, await WebHost.CountsAsync(get));
    }

    [Fact]
    public async Task Option_zero_and_DELETE_withdraw_the_vote()
    {
        var article = await _web.PublishAsync();
        var visitor = await _web.NewVisitorAsync();
        await _web.VoteAsync(article, visitor, new { optionId = 1 });

        var withdrawn = await _web.VoteAsync(article, visitor, new { optionId = 0 });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var body = await WebHost.JsonAsync(withdrawn);
        Assert.False(body.TryGetProperty("yourOptionId", out _));
        Assert.Equal(new[] { 0, 0, 0, 0, 0 }, await WebHost.CountsAsync(withdrawn));

        await _web.VoteAsync(article, visitor, new { optionId = 3 });
        var deleted = await _web.SendAsync(HttpMethod.Delete, $"/api/articles/{article}/reactions", visitor);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(new[] { 0, 0, 0, 0, 0 }, await WebHost.CountsAsync(deleted));
        Assert.Null(await _web.Get<IReactionService>().GetVoteAsync(article, VisitorIds.VoterKey(_web.Get<VisitorIds>().Verify(visitor)!), CancellationToken.None));
    }

    [Fact]
    public async Task Web_votes_are_counted_with_the_other_channels_votes()
    {
        var article = await _web.PublishAsync();
        await _web.Get<IReactionService>().VoteAsync(article, "telegram:42", 1, CancellationToken.None);
        await _web.Get<IReactionService>().VoteAsync(article, "teams:7", 4, CancellationToken.None);

        var response = await _web.VoteAsync(article, await _web.NewVisitorAsync(), new { optionId = 1 });

        Assert.Equal(new[] { 2, 0, 0, 1, 0 }, await WebHost.CountsAsync(response));
        Assert.Equal(new[] { 2, 0, 0, 1, 0 }, await WebHost.CountsAsync(await _web.Client.GetAsync($"/api/articles/{article}/reactions")));
    }

    [Fact]
    public async Task Two_browsers_are_two_votes()
    {
        var article = await _web.PublishAsync();
        await _web.VoteAsync(article, await _web.NewVisitorAsync(), new { optionId = 3 });
        var second = await _web.VoteAsync(article, await _web.NewVisitorAsync(), new { optionId = 3 });
        Assert.Equal(new[] { 0, 0, 2, 0, 0 }, await WebHost.CountsAsync(second));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1.0123456789abcdef0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-token")]
    public async Task A_missing_or_forged_visitor_id_is_refused_with_401_and_counts_nothing(string? visitor)
    {
        var article = await _web.PublishAsync();

        var response = await _web.VoteAsync(article, visitor, new { optionId = 1 });

        await WebHost.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(0, (await _web.Get<IReactionService>().GetTallyAsync(article, CancellationToken.None))!.Total);
    }

    [Fact]
    public async Task A_tampered_visitor_id_is_refused()
    {
        var article = await _web.PublishAsync();
        var genuine = await _web.NewVisitorAsync();
        // Another visitor's id with this visitor's signature.
        var parts = genuine.Split('.');
        var other = Guid.NewGuid().ToString("N");
        var tampered = $"{parts[0]}.{other}.{parts[2]}";

        await WebHost.AssertProblemAsync(await _web.VoteAsync(article, tampered, new { optionId = 1 }), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await _web.VoteAsync(article, genuine, new { optionId = 1 })).StatusCode);
    }

    [Theory]
    [InlineData("{\"optionId\": 6}")]
    [InlineData("{\"optionId\": -1}")]
    [InlineData("{}")]
    [InlineData("{\"optionId\": \"two\"}")]
    [InlineData("{\"optionId\": 1")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task A_bad_option_or_malformed_body_is_a_400_problem(string json)
    {
        var article = await _web.PublishAsync();
        var visitor = await _web.NewVisitorAsync();

        var response = await _web.SendAsync(HttpMethod.Post, $"/api/articles/{article}/reactions", visitor, new StringContent(json, Encoding.UTF8, "application/json"));

        await WebHost.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, (await _web.Get<IReactionService>().GetTallyAsync(article, CancellationToken.None))!.Total);
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    [InlineData("not-a-guid")]
    public async Task An_unknown_article_is_a_404_problem(string id)
    {
        var visitor = await _web.NewVisitorAsync();
        var response = await _web.SendAsync(HttpMethod.Post, $"/api/articles/{id}/reactions", visitor, JsonContent.Create(new { optionId = 1 }));
        await WebHost.AssertProblemAsync(response, HttpStatusCode.NotFound);
        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Delete, $"/api/articles/{id}/reactions", visitor), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem()
    {
        var article = await _web.PublishAsync();
        var visitor = await _web.NewVisitorAsync();
        var json = "{\"optionId\": 1, \"padding\": \"" + new string('x', 10_000) + "\"}";

        var response = await _web.SendAsync(HttpMethod.Post, $"/api/articles/{article}/reactions", visitor, new StringContent(json, Encoding.UTF8, "application/json"));

        await WebHost.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, (await _web.Get<IReactionService>().GetTallyAsync(article, CancellationToken.None))!.Total);
    }

    [Fact]
    public async Task The_widget_script_is_served_with_caching_headers_and_its_texts()
    {
        var response = await _web.Client.GetAsync("/widget/reactions.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age=3600", response.Headers.CacheControl?.ToString());
        Assert.True(response.Headers.CacheControl?.Public);
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("Bagaimana pendapat anda mengenai artikel ini?", script);
        Assert.Contains("What do you think of this article?", script);
        Assert.DoesNotContain("__HUMAS_TEXTS__", script);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/widget/reactions.js");
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _web.Client.SendAsync(conditional)).StatusCode);
    }
}
