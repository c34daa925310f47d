using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Humas.Bot.FakePlatforms;
using Humas.Bot.FakePlatforms.Teams;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.FakePlatforms;

/// <summary>
/// The fakes' latency mode (a far round trip on loopback), which the paid-broadcast and scale-out benchmarks
/// rely on. Only lower bounds are asserted: a loaded machine may always answer later.
/// </summary>
public sealed class ResponseLatencyTests
{
    private static readonly ResponseLatency Latency = ResponseLatency.FromMilliseconds(150, 20);

    [Fact]
    public async Task The_fake_Bot_API_answers_every_request_no_sooner_than_the_fixed_delay_after_it_arrived()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Latency = Latency });
        using var http = new HttpClient();

        // Concurrent, so the delays overlap instead of queueing behind each other.
        var sends = Enumerable.Range(1, 40).Select(async chat =>
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.PostAsync($"{fake.BaseUrl}/bot{fake.Token}/sendMessage",
                new StringContent($$"""{"chat_id":{{chat}},"text":"Halo"}""", Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, Body: JsonNode.Parse(body)!, Elapsed: watch.Elapsed, AnsweredAt: DateTimeOffset.UtcNow);
        }).ToList();
        var results = await Task.WhenAll(sends);

        Assert.All(results, r =>
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.True(r.Body["ok"]!.GetValue<bool>());
            Assert.True(r.Elapsed >= TimeSpan.FromMilliseconds(150), $"answered after {r.Elapsed.TotalMilliseconds} ms");
        });

        // Handled on arrival: every request is recorded with its arrival time, and its answer came later. A request is
        // logged just after its answer is written, so the last ones may still be on their way to the log.
        await Eventually.UntilAsync(() => fake.Counters.InFlight == 0, "the fake to log every request");
        var recorded = fake.RequestsFor("sendMessage");
        Assert.Equal(40, recorded.Count);
        Assert.All(recorded, r => Assert.Equal(200, r.StatusCode));
        var byChat = recorded.ToDictionary(r => r.ChatId!.Value);
        Assert.All(Enumerable.Range(1, 40), chat =>
        {
            var answeredAt = results[chat - 1].AnsweredAt;
            // 149: the two clocks are the same wall clock, read at millisecond-ish granularity.
            Assert.True(answeredAt - byChat[chat].ReceivedAt >= TimeSpan.FromMilliseconds(149), $"{(answeredAt - byChat[chat].ReceivedAt).TotalMilliseconds} ms");
        });
    }

    [Fact]
    public async Task The_fake_Bot_API_records_when_each_answer_was_written_and_none_for_a_caller_gone_before_it()
    {
        // The crash-window count of the fault suite: which accepted sends had their answer written before a kill.
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Latency = Latency });
        // A round trip no test waits out: the caller gives up long before it.
        await using var far = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Latency = ResponseLatency.FromMilliseconds(60_000, 0) });
        using var http = new HttpClient();

        using var answered = await http.PostAsync($"{fake.BaseUrl}/bot{fake.Token}/sendMessage",
            new StringContent("""{"chat_id":1,"text":"Halo"}""", Encoding.UTF8, "application/json"));
        using var giveUp = new CancellationTokenSource();
        var abandoned = http.PostAsync($"{far.BaseUrl}/bot{far.Token}/sendMessage",
            new StringContent("""{"chat_id":2,"text":"Halo"}""", Encoding.UTF8, "application/json"), giveUp.Token);
        // Accepted and waiting out its round trip: in flight, and not in the log until its answer is written.
        await Eventually.UntilAsync(() => far.Counters.InFlight == 1 && far.Counters.Delivered == 1, "the far fake to accept the send");
        Assert.Empty(far.RequestsFor("sendMessage"));
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await Eventually.UntilAsync(() => fake.Counters.InFlight == 0 && far.Counters.InFlight == 0, "both fakes to finish their requests");

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var sent = Assert.Single(fake.RequestsFor("sendMessage"));
        Assert.NotNull(sent.AnsweredAt);
        Assert.True(sent.AnsweredAt - sent.ReceivedAt >= TimeSpan.FromMilliseconds(149), $"{(sent.AnsweredAt - sent.ReceivedAt)?.TotalMilliseconds} ms");
        // Accepted (the platform has the message) but answered to no one.
        var lost = Assert.Single(far.RequestsFor("sendMessage"));
        Assert.Equal(200, lost.StatusCode);
        Assert.Null(lost.AnsweredAt);
    }

    [Fact]
    public async Task Errors_are_delayed_too_and_a_fake_without_latency_is_unchanged()
    {
        await using var slow = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Latency = Latency });
        await using var plain = await FakeTelegramServer.StartAsync();
        using var http = new HttpClient();

        var watch = Stopwatch.StartNew();
        using var wrongToken = await http.PostAsync($"{slow.BaseUrl}/bot1:wrong/getMe", null);
        var elapsed = watch.Elapsed;
        using var fine = await http.PostAsync($"{plain.BaseUrl}/bot{plain.Token}/getMe", null);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(150), $"answered after {elapsed.TotalMilliseconds} ms");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.Equal(ResponseLatency.None, plain.Options.Latency);
    }

    [Fact]
    public async Task The_fake_Bot_Connector_answers_no_sooner_than_the_fixed_delay()
    {
        await using var identity = await FakeIdentityProvider.StartAsync();
        await using var connector = await FakeBotConnector.StartAsync(identity, enforceLimits: false, latency: Latency);
        using var http = new HttpClient();
        using var tokenResponse = await http.PostAsync(identity.TokenEndpoint.Replace("{TenantId}", identity.TenantId, StringComparison.Ordinal),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = identity.AppId,
                ["client_secret"] = identity.AppPassword,
                ["scope"] = "https://api.botframework.com/.default",
            }));
        var token = JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();

        var sends = Enumerable.Range(1, 20).Select(async n =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{connector.ServiceUrl}v3/conversations/a:user-{n}/activities")
            {
                Content = new StringContent("""{"type":"message","text":"Halo"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", token);
            var watch = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            return (response.StatusCode, Elapsed: watch.Elapsed);
        });
        var results = await Task.WhenAll(sends);

        Assert.All(results, r =>
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.True(r.Elapsed >= TimeSpan.FromMilliseconds(150), $"answered after {r.Elapsed.TotalMilliseconds} ms");
        });
        Assert.Equal(20, connector.Calls.Count(c => c.Method == "SEND" && c.Status == 200));
    }

    [Fact]
    public void Each_delay_is_the_fixed_part_plus_a_drawn_share_of_the_jitter()
    {
        var draws = Enumerable.Range(0, 200).Select(_ => Latency.Draw()).ToList();

        Assert.All(draws, d => Assert.InRange(d, TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(170)));
        Assert.True(draws.Distinct().Count() > 100, "the jitter is drawn per response");
        Assert.Equal(TimeSpan.FromMilliseconds(150), ResponseLatency.FromMilliseconds(150, 0).Draw());
        Assert.True(ResponseLatency.None.IsNone);
        Assert.Throws<ArgumentOutOfRangeException>(() => ResponseLatency.FromMilliseconds(-1, 0));
    }
}
