using System.Net;
using System.Net.Http.Json;
using Humas.Bot.Feedback;

namespace Humas.Bot.Tests.Channels.Web;

public sealed class WidgetLimitsTests
{
    [Fact]
    public async Task One_visitor_past_its_vote_limit_gets_429_with_Retry_After()
    {
        using var web = new WebHost(new() { ["Web:VotesPerMinutePerVisitor"] = "3" });
        var article = await web.PublishAsync();
        var visitor = await web.NewVisitorAsync();
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await web.VoteAsync(article, visitor, new { optionId = i })).StatusCode);
        }

        var limited = await web.VoteAsync(article, visitor, new { optionId = 5 });

        await WebHost.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        // The refused vote changed nothing; another visitor still votes.
        Assert.Equal([0, 0, 1, 0, 0], (await web.Get<IReactionService>().GetTallyAsync(article, CancellationToken.None))!.Options.Select(o => o.Count));
        Assert.Equal(HttpStatusCode.OK, (await web.VoteAsync(article, await web.NewVisitorAsync(), new { optionId = 1 })).StatusCode);
    }

    [Fact]
    public async Task One_address_past_its_vote_limit_gets_429_whatever_the_visitor()
    {
        using var web = new WebHost(new() { ["Web:VotesPerMinutePerIp"] = "2" });
        var article = await web.PublishAsync();
        Assert.Equal(HttpStatusCode.OK, (await web.VoteAsync(article, await web.NewVisitorAsync(), new { optionId = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.VoteAsync(article, await web.NewVisitorAsync(), new { optionId = 1 })).StatusCode);

        var limited = await web.VoteAsync(article, await web.NewVisitorAsync(), new { optionId = 1 });

        await WebHost.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_visitor_id_must_be_a_few_seconds_old_before_it_votes()
    {
        using var web = new WebHost(new() { ["Web:VisitorMinAgeSeconds"] = "2" });
        var article = await web.PublishAsync();
        var visitor = await web.NewVisitorAsync();

        var atOnce = await web.VoteAsync(article, visitor, new { optionId = 1 });

        await WebHost.AssertProblemAsync(atOnce, HttpStatusCode.TooManyRequests);
        Assert.InRange(atOnce.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 2);
        Assert.Equal(0, (await web.Get<IReactionService>().GetTallyAsync(article, CancellationToken.None))!.Total);
        // The same id votes once it is old enough.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpResponseMessage later;
        do
        {
            await Task.Delay(250);
            later = await web.VoteAsync(article, visitor, new { optionId = 1 });
        }
        while (later.StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task A_visitor_id_is_issued_with_an_HttpOnly_same_site_cookie_naming_it()
    {
        using var web = new WebHost();

        var issued = await web.Client.PostAsync("/api/visitors", null);

        var cookie = Assert.Single(issued.Headers.GetValues("Set-Cookie"));
        var token = (await WebHost.JsonAsync(issued)).GetProperty("visitorId").GetString()!;
        Assert.StartsWith("humas_visitor=" + token + ";", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/;", cookie + ";", StringComparison.OrdinalIgnoreCase);
        // Plain http here: the cookie is Secure only when the request was https.
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_vote_without_its_visitors_cookie_is_refused_and_not_counted()
    {
        using var web = new WebHost();
        var article = await web.PublishAsync();
        var visitor = await web.NewVisitorAsync();
        var other = await web.NewVisitorAsync();

        var noCookie = await web.VoteAsync(article, visitor, new { optionId = 1 }, cookie: "");
        var othersCookie = await web.VoteAsync(article, visitor, new { optionId = 1 }, cookie: other);
        var forgedCookie = await web.VoteAsync(article, visitor, new { optionId = 1 }, cookie: visitor + "x");

        foreach (var refused in new[] { noCookie, othersCookie, forgedCookie })
        {
            await WebHost.AssertProblemAsync(refused, HttpStatusCode.Unauthorized);
            Assert.Equal("Visitor id not bound", (await WebHost.JsonAsync(refused)).GetProperty("title").GetString());
        }

        Assert.Equal(0, (await web.Get<IReactionService>().GetTallyAsync(article, CancellationToken.None))!.Total);
        // The chat's vote asks the same.
        var chatVote = await web.SendAsync(HttpMethod.Post, "/chat/api/react", visitor, JsonContent.Create(new { articleId = article.ToString(), optionId = 2 }), cookie: "");
        await WebHost.AssertProblemAsync(chatVote, HttpStatusCode.Unauthorized);
        // With its own cookie the same id votes.
        Assert.Equal(HttpStatusCode.OK, (await web.VoteAsync(article, visitor, new { optionId = 1 })).StatusCode);
        Assert.Equal(1, (await web.Get<IReactionService>().GetTallyAsync(article, CancellationToken.None))!.Total);
    }

    [Fact]
    public async Task An_operator_whose_widget_pages_are_on_another_site_may_turn_the_cookie_off()
    {
        using var web = new WebHost(new() { ["Web:RequireVisitorCookie"] = "false" });
        var article = await web.PublishAsync();

        var vote = await web.VoteAsync(article, await web.NewVisitorAsync(), new { optionId = 4 }, cookie: "");

        Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
    }

    [Fact]
    public async Task Issuing_visitor_ids_is_limited_per_address()
    {
        using var web = new WebHost(new() { ["Web:VisitorsPerHourPerIp"] = "2" });
        await web.NewVisitorAsync();
        await web.NewVisitorAsync();

        var limited = await web.Client.PostAsync("/api/visitors", null);

        await WebHost.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter!.Delta!.Value.TotalMinutes > 1);
    }
}

public sealed class ChatLimitsTests
{
    [Fact]
    public async Task A_visitor_past_the_chat_action_limit_gets_429_with_Retry_After()
    {
        using var web = new WebHost(new() { ["Web:ChatActionsPerMinute"] = "2" });
        var visitor = await web.NewVisitorAsync();
        Assert.Equal(HttpStatusCode.OK, (await web.SendAsync(HttpMethod.Post, "/chat/api/send", visitor, JsonContent.Create(new { text = "/bantuan" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.SendAsync(HttpMethod.Post, "/chat/api/button", visitor, JsonContent.Create(new { action = "sub:all" }))).StatusCode);

        var limited = await web.SendAsync(HttpMethod.Post, "/chat/api/send", visitor, JsonContent.Create(new { text = "/terbaru" }));

        await WebHost.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
        // Nothing of the refused message was stored.
        var history = await WebHost.JsonAsync(await web.SendAsync(HttpMethod.Get, "/chat/api/messages", visitor));
        Assert.DoesNotContain(history.GetProperty("messages").EnumerateArray(), m => m.GetProperty("message").GetProperty("text").GetString() == "/terbaru");
    }
}
