using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Humas.Bot.Benchmarks.Delivery;
using Humas.Bot.Channels.WhatsApp;
using Humas.Bot.FakePlatforms.WhatsApp;

namespace Humas.Bot.Benchmarks.WhatsApp;

/// <summary>
/// <c>whatsapp-fanout</c>: one article to N WhatsApp readers (outside their 24-hour window, so each gets the
/// approved template) through the real delivery engine and WhatsApp adapter, against the fake Cloud API
/// enforcing 80 messages/s for the number (130429 over it), the pair rate and the template's shape. The
/// messaging tier is set to unlimited: it caps distinct readers per day, not the rate this measures. Prints one
/// JSON document; the share of 80/s sits beside Telegram's share of its 30/s in docs/PERFORMANCE.md.
/// </summary>
public static class WhatsAppBenchmarks
{
    private const int NumberLimit = 80;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task<int> FanOutAsync(DeliveryBenchOptions o)
    {
        await using var fake = await FakeCloudApi.StartAsync(perSecond: NumberLimit);
        foreach (var (key, value) in fake.Settings())
        {
            o.Settings.TryAdd(key, value!);
        }

        o.Settings.TryAdd("WhatsApp:MessagesPerSecond", NumberLimit.ToString(CultureInfo.InvariantCulture));
        o.Settings.TryAdd("WhatsApp:MessagingTier", WhatsAppOptions.UnlimitedTier.ToString(CultureInfo.InvariantCulture));
        await using var engine = await EngineHost.CreateAsync(o, apiBaseUrl: null, token: null, liftBotLimit: false, b => b.AddWhatsApp());
        await EngineHost.SeedSubscribersAsync(engine.Db, o.Subscribers, WhatsAppDeliveryChannel.ChannelName, "62");
        await engine.App.StartAsync();
        await Console.Error.WriteLineAsync($"engine: broadcasting to {o.Subscribers} WhatsApp readers (fake enforcing {NumberLimit}/s per number)");

        var published = Stopwatch.GetTimestamp();
        var (articleId, _) = await engine.PublishAsync("Uji pengiriman WhatsApp");
        var deadline = TimeSpan.FromSeconds(o.Subscribers / (double)NumberLimit * 2 + 120);
        var persisted = 0;
        var lastReport = published;
        while (Stopwatch.GetElapsedTime(published) < deadline)
        {
            if ((persisted = await engine.SentWithMessageIdAsync(articleId)) >= o.Subscribers)
            {
                break;
            }

            if (Stopwatch.GetElapsedTime(lastReport).TotalSeconds >= 10)
            {
                lastReport = Stopwatch.GetTimestamp();
                await Console.Error.WriteLineAsync($"  {persisted} persisted after {Stopwatch.GetElapsedTime(published).TotalSeconds:0} s");
            }

            await Task.Delay(200);
        }

        var endToEnd = Stopwatch.GetElapsedTime(published).TotalSeconds;
        await engine.App.StopAsync();
        var states = await engine.StatesAsync(articleId);
        persisted = await engine.SentWithMessageIdAsync(articleId);

        var sends = fake.Sends.Where(s => s.IsArticle).ToList();
        var successes = sends.Where(s => s.Status == 200).Select(s => s.At).Order().ToList();
        var ok = successes.Count;
        var throttled = sends.Count(s => s.Code is 130429 or 131056);
        var span = ok > 1 ? (successes[^1] - successes[0]) / (double)Stopwatch.Frequency : 0;
        var paced = ok / (span + 1);
        var lost = o.Subscribers - persisted;
        var share = paced / NumberLimit;
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
        {
            Benchmark = "whatsapp-fanout",
            Machine = DeliveryBenchmarks.Machine(),
            Settings = new
            {
                o.Subscribers,
                Subscribers_ = "WhatsApp readers outside their 24-hour window (each gets the article template), each subscribed to All",
                Fake = "in-process FakeCloudApi on 127.0.0.1: 80 messages/s per number (130429), pair rate (131056), template shapes",
                Engine = "service defaults, WhatsApp:MessagesPerSecond 80, WhatsApp:MessagingTier unlimited",
                Database = "SQLite, fresh file in a temp folder",
                ShareFormula = "successful sends / (seconds from the first to the last success + 1) / 80, measured by the fake",
            },
            Result = new
            {
                States = states.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
                PersistedSent = persisted,
                SuccessfulSends = ok,
                RateLimitAnswers = throttled,
                RateLimitPercent = sends.Count == 0 ? 0 : Math.Round(100.0 * throttled / sends.Count, 3),
                EndToEndSeconds = Math.Round(endToEnd, 1),
                SendsPerSecond = Math.Round(paced, 2),
                Lost = lost,
            },
            Goal = new
            {
                Statement = "at least 90% of the number's 80/s sustained, at most 1% rate-limit answers, 0 lost",
                ShareOfNumberLimit = Math.Round(share, 3),
                ProjectedMinutesFor10000 = paced > 0 ? Math.Round(10_000 / paced / 60, 1) : (double?)null,
                Met = o.Quick ? (bool?)null : share >= 0.9 && lost == 0 && throttled <= sends.Count / 100,
            },
        }, Json));
        return 0;
    }
}
