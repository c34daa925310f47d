using System.Net;
using System.Net.Http.Json;
using Humas.Bot.Storage.Cluster;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Web;

/// <summary>
/// With N live instances each instance enforces ceil(limit / N) of every per-client request limit, so a client the
/// balancer spreads over the instances gets about the configured limit in total (docs/OPERATIONS.md). On SQLite N
/// is always 1; these tests set it through <see cref="ClusterMembership"/>, where the heartbeat puts its count
/// (its own test, on PostgreSQL, last).
/// </summary>
public sealed class RequestLimitSharesTests
{
    [Fact]
    public async Task A_visitor_gets_this_instances_share_of_its_votes_and_the_whole_limit_again_when_the_instance_is_alone()
    {
        using var web = new WebHost(new() { ["Web:VotesPerMinutePerVisitor"] = "5" });
        var article = await web.PublishAsync();
        var visitor = await web.NewVisitorAsync();
        var cluster = web.Get<ClusterMembership>();

        cluster.SetLiveInstances(2);
        Assert.Equal(3, await GrantedAsync(() => web.VoteAsync(article, visitor, new { optionId = 1 }), 3));

        cluster.SetLiveInstances(1);
        Assert.Equal(5, await GrantedAsync(() => web.VoteAsync(article, visitor, new { optionId = 2 }), 5));
    }

    [Fact]
    public async Task Visitor_ids_chat_actions_and_the_per_article_cap_take_their_share_too()
    {
        using var web = new WebHost(new()
        {
            ["Web:VisitorsPerHourPerIp"] = "5", ["Web:ChatActionsPerMinute"] = "3", ["Web:VotesPerArticlePerIp"] = "4",
        });
        var article = await web.PublishAsync();
        var visitors = new[] { await web.NewVisitorAsync(), await web.NewVisitorAsync(), await web.NewVisitorAsync() };

        web.Get<ClusterMembership>().SetLiveInstances(2);

        // ceil(4/2): two votes on the article from this address, whoever the visitor.
        var vote = 0;
        Assert.Equal(2, await GrantedAsync(() => web.VoteAsync(article, visitors[vote++ % 3], new { optionId = 1 }), 2));
        // ceil(3/2) chat actions.
        Assert.Equal(2, await GrantedAsync(() => web.SendAsync(HttpMethod.Post, "/chat/api/send", visitors[0], JsonContent.Create(new { text = "/bantuan" })), 2));
        // ceil(5/2) visitor ids (a change of N starts the windows afresh: the three above were the old window's).
        Assert.Equal(3, await GrantedAsync(() => web.Client.PostAsync("/api/visitors", null), 3));
    }

    [Fact]
    public async Task A_visitors_open_streams_are_bounded_by_the_share_counting_the_open_ones_and_the_instances_total_is_not_divided()
    {
        using var web = new WebHost(new() { ["Web:StreamsPerVisitor"] = "3", ["Web:StreamsPerIp"] = "10", ["Web:MaxStreams"] = "4" });
        var cluster = web.Get<ClusterMembership>();
        var visitor = await web.NewVisitorAsync();
        var open = new List<HttpResponseMessage>();
        try
        {
            cluster.SetLiveInstances(2);
            open.Add(await OpenChatAsync(web, visitor));
            open.Add(await OpenChatAsync(web, visitor));
            Assert.All(open, s => Assert.Equal(HttpStatusCode.OK, s.StatusCode));
            Assert.Equal(HttpStatusCode.TooManyRequests, await StatusOfChatAsync(web, visitor));

            // Alone again: the whole limit, the two open ones counted.
            cluster.SetLiveInstances(1);
            open.Add(await OpenChatAsync(web, visitor));
            Assert.Equal(HttpStatusCode.OK, open[^1].StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, await StatusOfChatAsync(web, visitor));

            // Two instances again while three are open: none more until the visitor holds less than its share.
            cluster.SetLiveInstances(2);
            Assert.Equal(HttpStatusCode.TooManyRequests, await StatusOfChatAsync(web, visitor));
            open[0].Dispose();
            open[1].Dispose();
            open.RemoveRange(0, 2);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HttpResponseMessage again;
            while ((again = await OpenChatAsync(web, visitor)).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline)
            {
                again.Dispose();
                await Task.Delay(100);
            }

            open.Add(again);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, await StatusOfChatAsync(web, visitor));

            // All open streams of this instance (Web:MaxStreams, its capacity) stay 4 with two instances.
            var other = await web.NewVisitorAsync();
            open.Add(await OpenChatAsync(web, other));
            open.Add(await OpenChatAsync(web, other));
            Assert.All(open, s => Assert.Equal(HttpStatusCode.OK, s.StatusCode));
            Assert.Equal(HttpStatusCode.TooManyRequests, await StatusOfChatAsync(web, await web.NewVisitorAsync()));
        }
        finally
        {
            open.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task An_addresses_open_widget_streams_are_bounded_by_the_share()
    {
        using var web = new WebHost(new() { ["Web:StreamsPerIp"] = "3" });
        var article = await web.PublishAsync();
        web.Get<ClusterMembership>().SetLiveInstances(2);

        using var first = await OpenWidgetAsync(web, article);
        using var second = await OpenWidgetAsync(web, article);
        using var third = await OpenWidgetAsync(web, article);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task On_PostgreSQL_the_heartbeats_count_of_live_instances_sets_the_share()
    {
        using var web = new WebHost(new() { ["Web:VotesPerMinutePerVisitor"] = "4", ["Cluster:HeartbeatSeconds"] = "1" }, database: DatabaseKind.Postgres);
        var article = await web.PublishAsync();
        var visitor = await web.NewVisitorAsync();
        var cluster = web.Get<ClusterMembership>();
        await using (var db = web.App.CreateDbContext())
        {
            // Another instance, alive for the test's length.
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "ClusterInstances" ("Id", "StartedAt", "HeartbeatAt") VALUES ('other', now(), now() + interval '1 hour')""");
        }

        await Eventually.UntilAsync(() => cluster.LiveInstances == 2, "two live instances");
        Assert.Equal(2, await GrantedAsync(() => web.VoteAsync(article, visitor, new { optionId = 1 }), 2));

        await using (var db = web.App.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "ClusterInstances" WHERE "Id" = 'other'""");
        }

        await Eventually.UntilAsync(() => cluster.LiveInstances == 1, "one live instance");
        Assert.Equal(4, await GrantedAsync(() => web.VoteAsync(article, visitor, new { optionId = 2 }), 4));
    }

    /// <summary>Sends until the first 429 (which must come after <paramref name="expected"/> grants); the grants before it.</summary>
    private static async Task<int> GrantedAsync(Func<Task<HttpResponseMessage>> send, int expected)
    {
        for (var granted = 0; granted <= expected + 5; granted++)
        {
            using var response = await send();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                return granted;
            }

            Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode} after {granted} granted");
        }

        return expected + 6;
    }

    private static async Task<HttpResponseMessage> OpenChatAsync(WebHost web, string visitor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/chat/api/events");
        request.Headers.Add("X-Humas-Visitor", visitor);
        return await web.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task<HttpStatusCode> StatusOfChatAsync(WebHost web, string visitor)
    {
        using var response = await OpenChatAsync(web, visitor);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> OpenWidgetAsync(WebHost web, Guid article)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{article}/reactions/events");
        return await web.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
