using System.Diagnostics;
using System.Text;
using Humas.Bot.Benchmarks.Delivery;

namespace Humas.Bot.Benchmarks.Telegram;

public static partial class TelegramBenchmarks
{
    /// <summary>Telegram's broadcast limit per bot, which the fake enforces.</summary>
    private const int BotLimit = 30;

    /// <summary>Chat ids of the readers who say /start during the broadcast: far from the subscribers' own.</summary>
    private const long FirstNewcomerChatId = EngineHost.FirstChatId + 20_000_000;

    /// <summary>
    /// <c>welcomes</c>: a broadcast under Telegram's limits (the fake child enforcing 30/s per bot and 1/s per
    /// chat on arrival, as delivery-fidelity) while newcomers send /start through the webhook, spread over the
    /// middle of the broadcast: the share of 30/s that all sends together reached, how many of ALL requests were
    /// answered 429 (welcome replies included), and what was lost (a subscriber without the article, a newcomer
    /// without a welcome).
    /// </summary>
    public static async Task<int> WelcomesAsync(TelegramBenchOptions o)
    {
        await using var fake = await FakeTelegramHandle.StartAsync(limits: true);
        // The service's own limits (30/s per bot, 1/s per chat): the point is that replies share them with the broadcast.
        await using var host = await ServiceHost.StartAsync(o, fake, new Dictionary<string, string?>());
        using var http = Client(host, Math.Min(o.Clients, 16));
        await host.SeedSubscribersAsync(o.Subscribers);

        var article = (await PublishAsync(http, "Siaran di bawah batas Telegram")).Id;
        var started = Stopwatch.StartNew();
        while (await SentAsync(host, article) == 0 && started.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(50);
        }

        // Newcomers arrive evenly over the middle 60% of the time the broadcast needs at 30/s.
        var broadcastSeconds = o.Subscribers / (double)BotLimit;
        var spacing = TimeSpan.FromSeconds(broadcastSeconds * 0.6 / o.Welcomes);
        await Task.Delay(TimeSpan.FromSeconds(broadcastSeconds * 0.2));
        Progress($"broadcast to {o.Subscribers} readers going out; {o.Welcomes} newcomers say /start, one every {spacing.TotalMilliseconds:0} ms");
        var date = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var notOk = 0;
        var sentAt = new double[o.Welcomes];
        var pace = Stopwatch.StartNew();
        for (var i = 0; i < o.Welcomes; i++)
        {
            var due = spacing * i;
            if (due > pace.Elapsed)
            {
                await Task.Delay(due - pace.Elapsed);
            }

            var chat = FirstNewcomerChatId + i;
            var json = ServiceHost.Invariant($$$"""{"update_id":{{{900_000 + i}}},"message":{"message_id":1,"date":{{{date}}},"chat":{"id":{{{chat}}},"type":"private","first_name":"Warga"},"from":{"id":{{{chat}}},"is_bot":false,"first_name":"Warga","language_code":"id"},"text":"/start","entities":[{"type":"bot_command","offset":0,"length":6}]}}""");
            using var request = WebhookPost("/api/telegram/webhook", ServiceHost.Secret, Encoding.UTF8.GetBytes(json));
            sentAt[i] = NowUnixMs();
            using var response = await http.SendAsync(request);
            if (response.StatusCode != System.Net.HttpStatusCode.OK)
            {
                notOk++;
            }
        }

        Progress($"{o.Welcomes} /start sent ({notOk} not acknowledged 200); waiting for the broadcast and the welcomes");
        var deadline = TimeSpan.FromSeconds(broadcastSeconds * 3 + 120);
        FakeStats newcomers;
        while (((newcomers = await fake.StatsAsync(FirstNewcomerChatId, o.Welcomes)).ChatsMissing > 0 || await SentAsync(host, article) < o.Subscribers)
               && started.Elapsed < deadline)
        {
            await Task.Delay(500);
        }

        // The fake's figures are over every send it saw (the article and the welcomes); only "missing" is per range.
        var all = await fake.StatsAsync(EngineHost.FirstChatId, o.Subscribers);
        var persisted = await SentAsync(host, article);
        var welcomedAt = await fake.FirstToChatsAsync(FirstNewcomerChatId, o.Welcomes);
        var startToWelcome = welcomedAt.Select((at, i) => at - sentAt[i]).OfType<double>().Order().ToArray();
        var share = all.PacedPerSecond / BotLimit;
        var lost = (o.Subscribers - persisted) + all.ChatsMissing + newcomers.ChatsMissing;
        await WriteAsync(new
        {
            Benchmark = "welcomes",
            Machine = DeliveryBenchmarks.Machine(),
            Settings = new
            {
                o.Subscribers,
                Newcomers = o.Welcomes,
                SpacingMs = Math.Round(spacing.TotalMilliseconds, 1),
                Host = "the whole service as Program.cs wires it, in process, Telegram:Mode Webhook with its default limits (30/s per bot, 1/s per chat); Bot API at the fake (child process) enforcing the same limits on arrival",
                Database = o.Postgres ? "PostgreSQL, fresh database on the throw-away server (fsync off)" : "SQLite, fresh file in a temp folder",
                Overrides = o.Settings.Count > 0 ? o.Settings : null,
            },
            Fake = all,
            Broadcast = new { PersistedSent = persisted, SubscribersWithoutTheArticle = all.ChatsMissing },
            Welcomes = new
            {
                WebhookNotOk = notOk,
                Welcomed = o.Welcomes - newcomers.ChatsMissing,
                StartToWelcomeMs = Stats(startToWelcome),
                Note = "/start posted (client clock) -> the first send to that chat received by the fake (its clock; same machine)",
            },
            AllSends = new { all.SendRequests, AnsweredTooManyRequests = all.TooManyRequests, all.TooManyRequestsPercent, Note = "every sendMessage and sendPhoto the fake received: the article's and the welcomes" },
            ShareOf30PerSecond = Math.Round(share, 3),
            ShareNote = "successful sends (the article and the welcomes) over the span from the first to the last success, plus one second, divided by 30",
            Lost = lost,
            Goal = new
            {
                Statement = "under 30/s + 1/s per chat: at least 0.95 of 30/s, at most 1% of all requests answered 429 (welcome and command replies included), 0 lost",
                Met = o.Quick ? (bool?)null : share >= 0.95 && all.TooManyRequestsPercent <= 1 && lost == 0,
            },
        });
        return 0;
    }
}
