using System.Globalization;
using Humas.Bot.Alerts;
using Humas.Bot.Ingestion.Polling;
using Humas.Bot.Tests.Channels.Telegram;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Alerts;

/// <summary>
/// Alerts end to end: the real host against the fake Bot API, a Kestrel feed that fails on demand and a clock the
/// test moves. What is asserted is what people read in the editors' group and the operators' chat.
/// </summary>
public sealed class AlertsEndToEndTests : IAsyncDisposable
{
    private const long EditorsChat = -1_001_234_567_890;
    private const long OperatorsChat = -1_009_876_543_210;
    private const string Opened = "Gangguan: sumber berita gagal diambil";
    private const string Resolved = "Sudah pulih: sumber berita gagal diambil";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
    private volatile bool _feedFails = true;
    private LoopbackServer? _feed;
    private TelegramBotHarness? _h;

    private async Task<TelegramBotHarness> StartAsync(Dictionary<string, string?>? extra = null)
    {
        _feed = await LoopbackServer.StartAsync(app => app.MapGet("/rss", (HttpContext http) =>
        {
            if (_feedFails)
            {
                return Results.StatusCode(500);
            }

            return Results.Text("""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Bansos cair</title><link>https://kemensos.go.id/berita/1</link></item></channel></rss>""", "application/rss+xml");
        }));
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:EditorsChatId"] = EditorsChat.ToString(CultureInfo.InvariantCulture),
            ["Alerts:Telegram:ChatId"] = OperatorsChat.ToString(CultureInfo.InvariantCulture),
            ["Alerts:SourceFailingHours"] = "1",
            ["Alerts:SettleMinutes"] = "15",
            ["Alerts:CheckSeconds"] = "3600",
            ["Alerts:DiskFreeMegabytes"] = "0",
            ["Ingestion:AllowPrivateNetworks"] = "true",
            ["Sources:0:Id"] = "kemensos-rss",
            ["Sources:0:Name"] = "Berita Kemensos",
            ["Sources:0:Institution"] = "kemensos",
            ["Sources:0:Url"] = _feed.Url("rss").ToString(),
        };
        foreach (var (key, value) in extra ?? [])
        {
            // The same feed under another host name, so the two sources are not one host's politeness queue.
            settings[key] = value == "{feed-by-name}" ? _feed.Url("rss").ToString().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) : value;
        }

        _h = await TelegramBotHarness.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)), settings: settings);
        return _h;
    }

    [Fact]
    public async Task A_failing_source_sends_one_alert_to_the_editors_group_and_the_operators_chat_and_one_resolved_notice()
    {
        var h = await StartAsync();
        await PollAsync(h);
        _clock.Advance(TimeSpan.FromHours(2));
        await PollAsync(h);

        // Two instances' monitors at once, and again: the database lets one incident and one alert through.
        await Task.WhenAll(RunAsync(h), RunAsync(h, anotherInstance: true));
        await RunAsync(h);
        await WaitForAsync(h, EditorsChat, Opened);
        await WaitForAsync(h, OperatorsChat, Opened);
        var alert = Texts(h, EditorsChat).Single(t => t.Contains(Opened, StringComparison.Ordinal));
        Assert.Contains("Berita Kemensos (kemensos-rss)", alert, StringComparison.Ordinal);
        Assert.Contains("Kementerian Sosial", alert, StringComparison.Ordinal);

        // It recovers: resolved at once, told once the settling period has passed.
        _feedFails = false;
        await PollAsync(h);
        await RunAsync(h);
        await using (var db = h.Db())
        {
            var incident = await db.Set<Incident>().SingleAsync();
            Assert.NotNull(incident.ResolvedAt);
        }

        await PumpAsync(TimeSpan.FromMinutes(5));
        Assert.DoesNotContain(Texts(h, EditorsChat), t => t.Contains(Resolved, StringComparison.Ordinal));
        _clock.Advance(TimeSpan.FromMinutes(11));
        await Task.WhenAll(RunAsync(h), RunAsync(h, anotherInstance: true));
        await WaitForAsync(h, EditorsChat, Resolved);
        await WaitForAsync(h, OperatorsChat, Resolved);
        await RunAsync(h);
        await PumpAsync(TimeSpan.FromSeconds(30));

        foreach (var chat in new[] { EditorsChat, OperatorsChat })
        {
            Assert.Single(Texts(h, chat), t => t.Contains(Opened, StringComparison.Ordinal));
            Assert.Single(Texts(h, chat), t => t.Contains(Resolved, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_institution_with_its_own_editors_group_gets_its_alerts_there_and_the_other_group_nothing()
    {
        const long kemensosChat = -1_005_555_555_555;
        var h = await StartAsync(new() { ["Institutions:1:Telegram:EditorsChatId"] = kemensosChat.ToString(CultureInfo.InvariantCulture) });
        await PollAsync(h);
        _clock.Advance(TimeSpan.FromHours(2));
        await PollAsync(h);
        await RunAsync(h);

        await WaitForAsync(h, kemensosChat, Opened);
        await WaitForAsync(h, OperatorsChat, Opened);
        await PumpAsync(TimeSpan.FromSeconds(30));
        Assert.Single(Texts(h, kemensosChat), t => t.Contains(Opened, StringComparison.Ordinal));
        Assert.DoesNotContain(Texts(h, EditorsChat), t => t.Contains(Opened, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_flapping_cause_is_told_once_however_often_it_comes_back_while_settling()
    {
        var h = await StartAsync();
        // A platform that refuses the token, accepts it, refuses it again... (as a token being rotated does).
        var credentials = h.App.Services.GetRequiredService<ICredentialsMonitor>();
        const string token = "Gangguan: token bot ditolak";
        const string tokenBack = "Sudah pulih: token bot ditolak";
        await credentials.RejectedAsync("whatsapp", "190", default);
        await RunAsync(h);
        await WaitForAsync(h, OperatorsChat, token);

        for (var i = 0; i < 3; i++)
        {
            await credentials.AcceptedAsync("whatsapp", default);
            _clock.Advance(TimeSpan.FromMinutes(2));
            await RunAsync(h);
            await credentials.RejectedAsync("whatsapp", "190", default);
            _clock.Advance(TimeSpan.FromMinutes(2));
            await RunAsync(h);
        }

        await PumpAsync(TimeSpan.FromSeconds(30));
        await using (var db = h.Db())
        {
            var incident = await db.Set<Incident>().SingleAsync();
            Assert.Null(incident.ResolvedAt);
            Assert.Equal(3, incident.Reopened);
            Assert.Equal(3, await db.Set<AlertNotification>().CountAsync(n => n.Event == AlertEvent.Resolved && n.State == AlertNotificationState.Cancelled));
        }

        Assert.Single(Texts(h, OperatorsChat), t => t.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(Texts(h, OperatorsChat), t => t.Contains(tokenBack, StringComparison.Ordinal));

        // Accepted for good: told once, after the settling period.
        await credentials.AcceptedAsync("whatsapp", default);
        _clock.Advance(TimeSpan.FromMinutes(16));
        await RunAsync(h);
        await WaitForAsync(h, OperatorsChat, tokenBack);
        await PumpAsync(TimeSpan.FromSeconds(30));
        Assert.Single(Texts(h, OperatorsChat), t => t.Contains(token, StringComparison.Ordinal));
        Assert.Single(Texts(h, OperatorsChat), t => t.Contains(tokenBack, StringComparison.Ordinal));
        Assert.DoesNotContain(Texts(h, EditorsChat), t => t.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Beyond_the_hourly_limit_an_audiences_notifications_are_suppressed_not_sent()
    {
        var h = await StartAsync(new()
        {
            ["Alerts:MaxNotificationsPerHour"] = "1",
            ["Sources:1:Id"] = "kemensos-2",
            ["Sources:1:Name"] = "Siaran Pers Kemensos",
            ["Sources:1:Institution"] = "kemensos",
            ["Sources:1:Url"] = "{feed-by-name}",
        });
        await PollAsync(h);
        await PollAsync(h, "kemensos-2");
        _clock.Advance(TimeSpan.FromHours(2));
        await PollAsync(h);
        await PollAsync(h, "kemensos-2");
        await RunAsync(h);
        await WaitForAsync(h, OperatorsChat, Opened);
        await PumpAsync(TimeSpan.FromSeconds(30));

        Assert.Single(Texts(h, OperatorsChat), t => t.Contains(Opened, StringComparison.Ordinal));
        Assert.Single(Texts(h, EditorsChat), t => t.Contains(Opened, StringComparison.Ordinal));
        await using var db = h.Db();
        Assert.Equal(2, await db.Set<Incident>().CountAsync(i => i.ResolvedAt == null));
        Assert.Equal(2, await db.Set<AlertNotification>().CountAsync(n => n.State == AlertNotificationState.Suppressed));
    }

    [Fact]
    public async Task A_token_telegram_rejects_opens_one_incident_for_the_operators()
    {
        var h = await StartAsync(new() { ["Telegram:Token"] = "42:AAWrongTokenForTests_abcdefghijklmnopq" });
        var key = CredentialIncidents.KeyOf("telegram");
        await Eventually.UntilAsync(() =>
        {
            using var db = h.Db();
            return db.Set<Incident>().Any(i => i.Key == key && i.ResolvedAt == null);
        }, "the token incident");
        await RunAsync(h);

        await using var check = h.Db();
        var incident = await check.Set<Incident>().SingleAsync(i => i.Key == key);
        Assert.Equal(IncidentKind.TokenRejected, incident.Kind);
        Assert.Null(incident.InstitutionId);
        Assert.Contains("401", incident.Summary, StringComparison.Ordinal);
        var notice = await check.Set<AlertNotification>().SingleAsync(n => n.IncidentId == incident.Id);
        Assert.Equal(AlertAudience.Operators, notice.Audience);
    }

    private static Task PollAsync(TelegramBotHarness h, string source = "kemensos-rss") =>
        h.App.Services.GetRequiredService<SourcePollJob>().RunAsync(source, default);

    /// <summary>One alerts round; <paramref name="anotherInstance"/> builds a second monitor with its own log and notifier, as another instance would run.</summary>
    private static Task RunAsync(TelegramBotHarness h, bool anotherInstance = false)
    {
        var services = h.App.Services;
        if (!anotherInstance)
        {
            return services.GetRequiredService<AlertMonitor>().RunOnceAsync(default);
        }

        var log = ActivatorUtilities.CreateInstance<IncidentLog>(services);
        var notifier = ActivatorUtilities.CreateInstance<AlertNotifier>(services);
        return ActivatorUtilities.CreateInstance<AlertMonitor>(services, log, notifier).RunOnceAsync(default);
    }

    private static List<string> Texts(TelegramBotHarness h, long chat) => h.SentTo(chat).Select(r => r.Text ?? "").ToList();

    /// <summary>Moves the clock in small steps (the dispatcher idles on it) for about <paramref name="span"/>.</summary>
    private async Task PumpAsync(TimeSpan span)
    {
        for (var moved = TimeSpan.Zero; moved < span; moved += TimeSpan.FromSeconds(1))
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }
    }

    private async Task WaitForAsync(TelegramBotHarness h, long chat, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Texts(h, chat).Any(t => t.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for \"{text}\" in {chat}; it has: {string.Join(" | ", Texts(h, chat))}");
            }

            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
        {
            await _h.DisposeAsync();
        }

        if (_feed is not null)
        {
            await _feed.DisposeAsync();
        }
    }
}
