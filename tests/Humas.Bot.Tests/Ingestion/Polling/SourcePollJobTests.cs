using Humas.Bot.Ingestion.Model;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Ingestion.Polling;

public sealed class SourcePollJobTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new(migrate: false);
    private readonly FakeTimeProvider _clock = new();
    private FeedServer _feed = null!;

    public async Task InitializeAsync()
    {
        _feed = await FeedServer.StartAsync();
        _feed.AddItem("rakor_kontributor", "Menguatkan Peran Kehumasan, Kemensetneg Mengadakan Rakor Kontributor Berita");
        _feed.AddItem("pelatihan_timor_leste", "Humas Kemensetneg Menjadi Narasumber Pelatihan Kehumasan Timor Leste");
    }

    public async Task DisposeAsync()
    {
        await _feed.DisposeAsync();
        _database.Dispose();
    }

    private Task<IngestionHarness> StartAsync(bool announceExisting = false, string? url = null) =>
        IngestionHarness.StartAsync(_database, _clock, new()
        {
            ["Sources:0:Id"] = "setneg-rss",
            ["Sources:0:Institution"] = "setneg",
            ["Sources:0:Url"] = url ?? _feed.FeedUrl.ToString(),
            ["Sources:0:Kind"] = "Rss",
            ["Sources:0:PollSeconds"] = "300",
            ["Sources:0:AnnounceExistingOnFirstPoll"] = announceExisting.ToString(),
            ["Ingestion:DeadAfterFailures"] = "3",
            ["Ingestion:TimeoutSeconds"] = "5",
        });

    private async Task<(List<Article> Articles, List<ArticleEvent> Events, Source Source)> StateAsync(IngestionHarness harness)
    {
        await using var db = harness.CreateDbContext();
        return (await db.Set<Article>().ToListAsync(), await db.Set<ArticleEvent>().ToListAsync(), await db.Set<Source>().SingleAsync(s => s.Id == "setneg-rss"));
    }

    [Fact]
    public async Task The_first_poll_records_what_is_there_without_announcing_it_and_later_items_are_announced()
    {
        await using var harness = await StartAsync();

        var first = await harness.Job.RunAsync("setneg-rss", default);
        var afterFirst = await StateAsync(harness);
        _feed.AddItem("kolaborasi_perhumas", "Diskusi Tentang Inovasi dan Strategi Kehumasan, Kemensetneg Kolaborasi dengan PERHUMAS");
        var second = await harness.Job.RunAsync("setneg-rss", default);
        var afterSecond = await StateAsync(harness);

        Assert.True(first.Success);
        Assert.Equal(2, first.Created);
        Assert.Equal(2, afterFirst.Articles.Count);
        Assert.Empty(afterFirst.Events);
        Assert.True(afterFirst.Source.Primed);
        Assert.Equal(1, second.Created);
        var published = Assert.Single(afterSecond.Events);
        Assert.Equal("Diskusi Tentang Inovasi dan Strategi Kehumasan, Kemensetneg Kolaborasi dengan PERHUMAS",
            afterSecond.Articles.Single(a => a.Id == published.ArticleId).Title);
    }

    [Fact]
    public async Task A_source_set_to_announce_existing_items_announces_its_first_poll()
    {
        await using var harness = await StartAsync(announceExisting: true);

        await harness.Job.RunAsync("setneg-rss", default);

        Assert.Equal(2, (await StateAsync(harness)).Events.Count);
    }

    [Fact]
    public async Task An_unchanged_feed_answers_304_to_the_stored_etag_and_costs_nothing()
    {
        await using var harness = await StartAsync();
        await harness.Job.RunAsync("setneg-rss", default);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var report = await harness.Job.RunAsync("setneg-rss", default);

        Assert.True(report.Success);
        Assert.True(report.NotModified);
        Assert.Equal([null, "\"v2\""], _feed.IfNoneMatchSeen);
        var state = await StateAsync(harness);
        Assert.Equal(2, state.Articles.Count);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddSeconds(300), state.Source.NextPollAt);
    }

    [Fact]
    public async Task A_feed_ttl_longer_than_the_poll_interval_is_a_lower_bound()
    {
        _feed.Ttl = 60;
        await using var harness = await StartAsync();

        await harness.Job.RunAsync("setneg-rss", default);

        var source = (await StateAsync(harness)).Source;
        Assert.Equal(3600, source.MinIntervalSeconds);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddHours(1), source.NextPollAt);
    }

    [Fact]
    public async Task Failures_back_off_exponentially_turn_dead_after_a_streak_and_recover_on_success()
    {
        var failing = true;
        _feed.Override = async http =>
        {
            if (!failing)
            {
                return false;
            }

            http.Response.StatusCode = 503;
            await http.Response.WriteAsync("down for maintenance");
            return true;
        };
        await using var harness = await StartAsync();

        var delays = new List<double>();
        var states = new List<SourceState>();
        for (var i = 0; i < 3; i++)
        {
            var report = await harness.Job.RunAsync("setneg-rss", default);
            Assert.False(report.Success);
            var source = (await StateAsync(harness)).Source;
            delays.Add((source.NextPollAt - _clock.GetUtcNow().UtcDateTime).TotalSeconds);
            states.Add(source.State);
            Assert.Contains("503", source.LastError, StringComparison.Ordinal);
            _clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.InRange(delays[0], 300, 360);
        Assert.InRange(delays[1], 600, 720);
        Assert.InRange(delays[2], 1200, 1440);
        Assert.Equal([SourceState.BackingOff, SourceState.BackingOff, SourceState.Dead], states);

        failing = false;
        var recovered = await harness.Job.RunAsync("setneg-rss", default);
        var after = (await StateAsync(harness)).Source;
        Assert.True(recovered.Success);
        Assert.Equal((SourceState.Active, 0), (after.State, after.ConsecutiveFailures));
        Assert.Equal("503", after.LastError![5..8]);
    }

    [Fact]
    public async Task A_malformed_feed_is_a_clear_error_and_writes_no_article()
    {
        _feed.Override = async http =>
        {
            http.Response.ContentType = "application/rss+xml";
            await http.Response.WriteAsync("<rss version=\"2.0\"><channel><item><title>Terpotong");
            return true;
        };
        await using var harness = await StartAsync();

        var report = await harness.Job.RunAsync("setneg-rss", default);

        var state = await StateAsync(harness);
        Assert.False(report.Success);
        Assert.StartsWith("invalid XML", state.Source.LastError, StringComparison.Ordinal);
        Assert.Empty(state.Articles);
        Assert.False(state.Source.Primed);
    }

    [Fact]
    public async Task A_permanent_redirect_moves_the_stored_url()
    {
        await using var redirector = await LoopbackServer.StartAsync(app => app.MapGet("/old-feed", (HttpContext http) =>
        {
            http.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            http.Response.Headers.Location = _feed.FeedUrl.ToString();
        }));
        await using var harness = await StartAsync(url: redirector.Url("old-feed").ToString());

        await harness.Job.RunAsync("setneg-rss", default);

        var source = (await StateAsync(harness)).Source;
        Assert.Equal(_feed.FeedUrl.ToString(), source.Url);
        Assert.Equal(redirector.Url("old-feed").ToString(), source.ConfiguredUrl);
    }

    [Fact]
    public async Task After_a_restart_the_source_keeps_its_state_and_new_items_are_still_announced()
    {
        await using (var before = await StartAsync())
        {
            await before.Job.RunAsync("setneg-rss", default);
        }

        _feed.AddItem("sinergi_komunikasi_publik", "Sinergi Pengelolaan Komunikasi Publik");
        await using var after = await StartAsync();
        var report = await after.Job.RunAsync("setneg-rss", default);

        var state = await StateAsync(after);
        Assert.Equal(1, report.Created);
        Assert.Single(state.Events);
        Assert.Equal(3, state.Articles.Count);
        Assert.Equal("\"v2\"", _feed.IfNoneMatchSeen[1]);
    }
}
