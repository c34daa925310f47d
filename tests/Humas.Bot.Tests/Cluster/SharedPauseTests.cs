using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Gateway;
using Humas.Bot.Delivery.RateLimiting;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Storage.Cluster;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Humas.Bot.Tests.Cluster;

/// <summary>
/// A 429 one instance meets pauses the same sender in every instance on the database until the same moment
/// (<see cref="RateLimiterRegistry.Pause"/>, over <see cref="ClusterMessages"/>), and nothing else.
/// </summary>
public sealed class SharedPauseTests
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_429_met_by_one_instance_holds_the_other_s_sends_to_the_same_bot_until_the_same_moment()
    {
        using var database = new TestDatabase(migrate: true, DatabaseKind.Postgres);
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Strict = true });
        var logsOfA = new FakeLoggerProvider();
        var logsOfB = new FakeLoggerProvider();
        using var a = Instance(database, fake, logsOfA);
        using var b = Instance(database, fake, logsOfB);
        await ListeningAsync(a, b);
        var reader = new ConversationAddress("telegram", "7101", ConversationKind.Private);
        var message = new TextMessage("Uji jeda bersama", "id");
        // Made before the 429, so B takes the pause as it hears it (a limiter made later takes it when made).
        var limiter = Limiter(b, reader);

        fake.SetResponse("sendMessage", 429,
            $$$"""{"ok":false,"error_code":429,"description":"Too Many Requests: retry after {{{RetryAfter.TotalSeconds}}}","parameters":{"retry_after":{{{RetryAfter.TotalSeconds}}}}}""");
        var met = await Gateway(a).TrySendAsync(reader, message, SendPriority.Article, TimeSpan.Zero, null, CancellationToken.None);
        fake.ClearResponse("sendMessage");
        Assert.IsType<DeliveryFailure.RetryAfter>(Assert.IsType<GatewayResult.Failed>(met).Failure);

        await Eventually.UntilAsync(() => limiter.BotPause > TimeSpan.Zero, "B paused by A's 429");
        // Until A's moment, not for retry_after from when B heard of it.
        Assert.True(limiter.BotPause <= RetryAfter, $"B paused for {limiter.BotPause}");
        // Another bot of the same channel is not paused.
        Assert.Equal(TimeSpan.Zero, Limiter(b, reader with { Account = "kemensos" }).BotPause);

        var sent = await Gateway(b).TrySendAsync(reader, message, SendPriority.Article, TimeSpan.FromSeconds(30), null, CancellationToken.None);

        Assert.IsType<GatewayResult.Done>(sent);
        var tooMany = fake.RequestsFor("sendMessage").Single(r => r.StatusCode == 429);
        var after = fake.RequestsFor("sendMessage").Single(r => r.Succeeded);
        // The fake's clock is this machine's, as both instances' are; the slack is only the clocks' granularity.
        Assert.True(after.ReceivedAt >= tooMany.ReceivedAt + RetryAfter - TimeSpan.FromMilliseconds(50),
            $"B's send arrived {after.ReceivedAt - tooMany.ReceivedAt} after A's 429");

        // A hears its own notice too, and says nothing of it (it logged the 429 as it met it); B says whose pause it took.
        // A marker notice after it: once A took the marker, it took every notice before it.
        var marker = Limiter(a, "penanda");
        await NotifyAsync(database, $$"""{"key":"telegram/penanda","until":{{DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds()}}}""");
        await Eventually.UntilAsync(() => marker.BotPause > TimeSpan.Zero, "A took the marker");
        Assert.DoesNotContain(HeardPauses(logsOfA), l => l.StartsWith("telegram paused", StringComparison.Ordinal));
        Assert.Single(HeardPauses(logsOfB), l => l.StartsWith("telegram paused", StringComparison.Ordinal));
    }

    private static IEnumerable<string> HeardPauses(FakeLoggerProvider logs) =>
        logs.Collector.GetSnapshot()
            .Where(r => r.Category == typeof(RateLimiterRegistry).FullName && r.Level == LogLevel.Information)
            .Select(r => r.Message);

    [Fact]
    public async Task Notices_that_are_not_pauses_are_ignored_and_a_pause_holds_only_its_own_sender_for_at_most_an_hour()
    {
        using var database = new TestDatabase(migrate: true, DatabaseKind.Postgres);
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Strict = true });
        using var b = Instance(database, fake);
        await ListeningAsync(b);
        var now = DateTimeOffset.UtcNow;
        var inHalfAnHour = now.AddMinutes(30).ToUnixTimeMilliseconds();

        foreach (var payload in new[]
        {
            "",
            "bukan json",
            "[1, 2]",
            "{}",
            """{"key":"telegram/rusak"}""",
            """{"key":"telegram/rusak","until":"besok"}""",
            $$"""{"key":"telegram/rusak","until":{{inHalfAnHour}}.5}""",
            """{"key":"telegram/rusak","until":99999999999999999999}""",
            $$"""{"key":5,"until":{{inHalfAnHour}}}""",
            $$"""{"key":"","until":{{inHalfAnHour}}}""",
            $$"""{"key":"{{new string('x', 300)}}","until":{{inHalfAnHour}}}""",
            $$"""{"key":"telegram/lalu","until":{{now.AddMinutes(-1).ToUnixTimeMilliseconds()}}}""",
            $$"""{"key":"telegram/jauh","until":{{now.AddDays(10).ToUnixTimeMilliseconds()}}}""",
            $$"""{"key":"telegram/baik","until":{{inHalfAnHour}}}""",
        })
        {
            await NotifyAsync(database, payload);
        }

        // The notices reach the listener in order: once the last is taken, every one before it has been.
        await Eventually.UntilAsync(() => Limiter(b, "baik").BotPause > TimeSpan.FromMinutes(29), "the well-formed pause taken");
        // Until the moment it names, not for a length from when it was heard.
        Assert.InRange(Limiter(b, "baik").BotPause, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        Assert.Equal(TimeSpan.Zero, Limiter(b, "rusak").BotPause);
        Assert.Equal(TimeSpan.Zero, Limiter(b, "lalu").BotPause);
        Assert.Equal(TimeSpan.Zero, Limiter(b, ConversationAddress.SharedAccount).BotPause);
        Assert.Equal(TimeSpan.Zero, Limiter(b, "lain").BotPause);
        var far = Limiter(b, "jauh").BotPause;
        Assert.InRange(far, TimeSpan.FromMinutes(59), RateLimiterRegistry.LongestSharedPause);

        // And the listener still listens.
        await NotifyAsync(database, $$"""{"key":"telegram/lagi","until":{{inHalfAnHour}}}""");
        await Eventually.UntilAsync(() => Limiter(b, "lagi").BotPause > TimeSpan.Zero, "a pause after the bad ones taken");
    }

    private static HumasAppFactory Instance(TestDatabase database, FakeTelegramServer fake, FakeLoggerProvider? logs = null)
    {
        var settings = new Dictionary<string, string?>(database.Settings)
        {
            ["Telegram:Token"] = fake.Token,
            ["Telegram:ApiBaseUrl"] = fake.BaseUrl,
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookSecret"] = "s3cret_Token-1",
        };
        var app = new HumasAppFactory(settings, logs is null ? null : services => services.AddSingleton<ILoggerProvider>(logs));
        _ = app.Services; // starts the host and its workers
        return app;
    }

    private static async Task ListeningAsync(params HumasAppFactory[] instances) =>
        await Eventually.UntilAsync(
            () => instances.All(i => i.Services.GetRequiredService<ClusterWakeListener>().ProcessId is not null), "listening", TimeSpan.FromSeconds(90));

    private static IChannelGateway Gateway(HumasAppFactory instance) => instance.Services.GetRequiredService<IChannelGateway>();

    private static ChannelRateLimiter Limiter(HumasAppFactory instance, ConversationAddress to) =>
        instance.Services.GetRequiredService<RateLimiterRegistry>().For(Gateway(instance).Channel("telegram")!, to);

    private static ChannelRateLimiter Limiter(HumasAppFactory instance, string account) =>
        Limiter(instance, new ConversationAddress("telegram", "7201", ConversationKind.Private) { Account = account });

    private static async Task NotifyAsync(TestDatabase database, string payload)
    {
        await using var db = database.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync("SELECT FROM pg_notify({0}, {1})", ["humas_pause", payload]);
    }
}
