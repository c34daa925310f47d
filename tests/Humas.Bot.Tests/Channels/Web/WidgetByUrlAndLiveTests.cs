using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Humas.Bot.Feedback;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Channels.Web;

/// <summary>The widget's two new ways in: an article found by its address, and its counters followed live as server-sent events.</summary>
public abstract class WidgetByUrlAndLiveTests(DatabaseKind kind) : IDisposable
{
    private readonly WebHost _web = new(database: kind);

    public void Dispose() => _web.Dispose();

    [Theory]
    [InlineData("https://www.setneg.go.id/baca/rakor-kontributor")]
    [InlineData("http://setneg.go.id/baca/rakor-kontributor/")]
    [InlineData("https://WWW.SETNEG.GO.ID/baca/rakor-kontributor?utm_source=twitter&utm_medium=social#komentar")]
    [InlineData("  https://www.setneg.go.id:443/baca/rakor-kontributor?fbclid=abc  ")]
    public async Task The_article_is_found_by_any_spelling_of_its_address(string url)
    {
        var article = await _web.PublishAsync(url: "https://www.setneg.go.id/baca/rakor-kontributor?utm_source=rss");
        await _web.Get<IReactionService>().VoteAsync(article, "telegram:1", 2, default);

        var response = await _web.SendAsync(HttpMethod.Get, "/api/reactions?lang=en&url=" + Uri.EscapeDataString(url), null, origin: WebHost.AllowedOrigin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await WebHost.JsonAsync(response);
        Assert.Equal(article.ToString(), body.GetProperty("articleId").GetString());
        Assert.Equal(1, body.GetProperty("total").GetInt32());
        Assert.Equal("Useful", body.GetProperty("options")[1].GetProperty("label").GetString());
        Assert.Equal(WebHost.AllowedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Theory]
    [InlineData("https://www.setneg.go.id/baca/lain")]
    [InlineData("https://www.setneg.go.id/baca/rakor-kontributor?p=2")]
    [InlineData("javascript:alert(1)")]
    [InlineData("not a url")]
    [InlineData("ftp://www.setneg.go.id/baca/rakor-kontributor")]
    public async Task Another_or_malformed_address_is_a_404_problem(string url)
    {
        await _web.PublishAsync(url: "https://www.setneg.go.id/baca/rakor-kontributor");

        var response = await _web.SendAsync(HttpMethod.Get, "/api/reactions?url=" + Uri.EscapeDataString(url), null);

        await WebHost.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_missing_or_oversized_address_is_refused()
    {
        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Get, "/api/reactions", null), HttpStatusCode.BadRequest);
        await WebHost.AssertProblemAsync(
            await _web.SendAsync(HttpMethod.Get, "/api/reactions?url=" + Uri.EscapeDataString("https://www.setneg.go.id/" + new string('a', 5000)), null),
            HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_live_stream_starts_with_the_counters_and_sends_each_change()
    {
        var article = await _web.PublishAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{article}/reactions/events");
        request.Headers.Add("Origin", WebHost.AllowedOrigin);
        using var response = await _web.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(WebHost.AllowedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        await using var body = await response.Content.ReadAsStreamAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var events = SseParser.Create(body).EnumerateAsync(patience.Token).GetAsyncEnumerator(patience.Token);

        var first = await NextReactionsAsync(events);
        Assert.Equal(0, first.GetProperty("total").GetInt32());
        Assert.Equal(article.ToString(), first.GetProperty("articleId").GetString());

        await _web.Get<IReactionService>().VoteAsync(article, "telegram:42", 1, default);
        var second = await NextReactionsAsync(events);
        Assert.Equal(1, second.GetProperty("total").GetInt32());
        Assert.Equal(1, second.GetProperty("options")[0].GetProperty("count").GetInt32());

        await _web.Get<IReactionService>().VoteAsync(article, "teams:7", 5, default);
        await _web.Get<IReactionService>().VoteAsync(article, "telegram:42", 1, default);
        // Two changes close together may come as one event or two; the stream settles on the counters as they are.
        JsonElement latest;
        do
        {
            latest = await NextReactionsAsync(events);
        }
        while (!Counts(latest).SequenceEqual([0, 0, 0, 0, 1]));
        Assert.Equal(1, latest.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("not-a-guid")]
    public async Task An_unknown_article_has_no_stream(string id)
    {
        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Get, $"/api/articles/{id}/reactions/events", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task One_stream_follows_several_articles_each_event_naming_its_article()
    {
        var first = await _web.PublishAsync("Rakor Kontributor Berita");
        var second = await _web.PublishAsync("Peluncuran Program Baru");
        await _web.Get<IReactionService>().VoteAsync(second, "telegram:1", 3, default);
        // Duplicates count once; a malformed id and one naming no article are skipped.
        var ids = $"{first},{second},{first.ToString().ToUpperInvariant()},not-a-guid,{Guid.NewGuid()}";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reactions/events?lang=en&ids=" + Uri.EscapeDataString(ids));
        request.Headers.Add("Origin", WebHost.AllowedOrigin);
        using var response = await _web.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(WebHost.AllowedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        await using var body = await response.Content.ReadAsStreamAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var events = SseParser.Create(body).EnumerateAsync(patience.Token).GetAsyncEnumerator(patience.Token);

        var opening = new[] { await NextReactionsAsync(events), await NextReactionsAsync(events) }
            .ToDictionary(e => e.GetProperty("articleId").GetString()!, e => e.GetProperty("total").GetInt32());
        Assert.Equal(new Dictionary<string, int> { [first.ToString()] = 0, [second.ToString()] = 1 }, opening);

        await _web.Get<IReactionService>().VoteAsync(second, "teams:7", 5, default);
        var change = await NextReactionsAsync(events);
        Assert.Equal(second.ToString(), change.GetProperty("articleId").GetString());
        Assert.Equal([0, 0, 1, 0, 1], Counts(change));
        Assert.Equal("Dislike", change.GetProperty("options")[4].GetProperty("label").GetString());

        await _web.Get<IReactionService>().VoteAsync(first, "telegram:42", 1, default);
        change = await NextReactionsAsync(events);
        Assert.Equal(first.ToString(), change.GetProperty("articleId").GetString());
        Assert.Equal([1, 0, 0, 0, 0], Counts(change));
    }

    [Fact]
    public async Task A_stream_of_several_articles_is_refused_without_ids_with_too_many_or_with_none_known()
    {
        var article = await _web.PublishAsync();
        var tooMany = string.Join(",", Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).Append(article));

        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Get, "/api/reactions/events?ids=" + tooMany, null), HttpStatusCode.BadRequest);
        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Get, "/api/reactions/events", null), HttpStatusCode.BadRequest);
        await WebHost.AssertProblemAsync(await _web.SendAsync(HttpMethod.Get, "/api/reactions/events?ids=,,", null), HttpStatusCode.BadRequest);
        await WebHost.AssertProblemAsync(
            await _web.SendAsync(HttpMethod.Get, $"/api/reactions/events?ids={Guid.NewGuid()},nope", null), HttpStatusCode.NotFound);
    }

    private static int[] Counts(JsonElement tally) => tally.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("count").GetInt32()).ToArray();

    private static async Task<JsonElement> NextReactionsAsync(IAsyncEnumerator<SseItem<string>> events)
    {
        while (await events.MoveNextAsync())
        {
            if (events.Current.EventType == "reactions")
            {
                return JsonDocument.Parse(events.Current.Data).RootElement;
            }
        }

        throw new InvalidOperationException("The stream ended.");
    }
}

/// <summary>The widget's live streams are bounded like the chat's: per IP address and in total, freed when a page goes.</summary>
public sealed class WidgetLiveLimitsTests : IDisposable
{
    private readonly WebHost _web = new(new() { ["Web:StreamsPerIp"] = "2", ["Web:MaxStreams"] = "3" });

    public void Dispose() => _web.Dispose();

    private async Task<HttpResponseMessage> OpenAsync(Guid article)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{article}/reactions/events");
        return await _web.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    [Fact]
    public async Task A_stream_of_several_articles_counts_once_against_the_bound()
    {
        var articles = new[] { await _web.PublishAsync("Satu"), await _web.PublishAsync("Dua"), await _web.PublishAsync("Tiga") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reactions/events?ids=" + string.Join(",", articles));
        using var many = await _web.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        using var second = await OpenAsync(articles[0]);
        using var third = await OpenAsync(articles[1]);

        Assert.Equal(HttpStatusCode.OK, many.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task Streams_past_the_per_address_bound_are_refused_until_one_closes()
    {
        var article = await _web.PublishAsync();

        using var first = await OpenAsync(article);
        using var second = await OpenAsync(article);
        using var third = await OpenAsync(article);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.RetryAfter is not null);

        first.Dispose();
        // The server notices the closed stream when it next writes or reads; the slot is then free again.
        await Eventually.UntilAsync(async () =>
        {
            using var again = await OpenAsync(article);
            return again.StatusCode == HttpStatusCode.OK;
        }, "the closed stream's slot to be free");
    }
}

public sealed class WidgetByUrlAndLiveTestsOnSqlite() : WidgetByUrlAndLiveTests(DatabaseKind.Sqlite);

public sealed class WidgetByUrlAndLiveTestsOnPostgres() : WidgetByUrlAndLiveTests(DatabaseKind.Postgres);
