using Humas.Bot.Benchmarks;

using Humas.Bot.Benchmarks.Delivery;
using Humas.Bot.Benchmarks.Teams;
using Humas.Bot.Benchmarks.Reading;
using Humas.Bot.Benchmarks.ScaleOut;
using Humas.Bot.Benchmarks.Smoke;
using Humas.Bot.Benchmarks.Telegram;
using Humas.Bot.Benchmarks.WhatsApp;

// Verbs: `polling` (the harness; prints one JSON document) and `serve-feeds` (its feed server child);
// `delivery-throughput`, `delivery-fidelity`, `fanout`, `paid-broadcast` and `serve-telegram` (their fake Telegram child);
// `votes`, `publish-latency` and `welcomes` (the whole service in Webhook mode against the same fake child; `votes`
// presses from `serve-presses`, its clients' child);
// `teams-fanout` (the engine and Teams adapter against the fake Bot Connector at 50/s per tenant);
// `whatsapp-fanout` (the engine and WhatsApp adapter against the fake Cloud API at 80/s per number);
// `search` and `clicks` (full-text search latency; the counted redirect under load);
// `scale-out` (real service processes on PostgreSQL); `smoke` (every verb above at a tiny size, for test.sh).
try
{
    return args switch
    {
        [_, "--help" or "-h"] or ["--help" or "-h"] => Help(0),
        ["polling", .. var rest] => await PollingBenchmark.RunAsync(BenchOptions.Parse(rest)),
        ["serve-feeds", .. var rest] => await FeedServer.RunChildAsync(BenchOptions.Parse(rest)),
        ["delivery-throughput", .. var rest] => await DeliveryBenchmarks.ThroughputAsync(DeliveryBenchOptions.Parse(rest, 20_000, 2_000)),
        ["delivery-fidelity", .. var rest] => await DeliveryBenchmarks.FidelityAsync(DeliveryBenchOptions.Parse(rest, 3_000, 300)),
        ["fanout", .. var rest] => await DeliveryBenchmarks.FanOutAsync(DeliveryBenchOptions.Parse(rest, 100_000, 10_000)),
        ["votes", .. var rest] => await TelegramBenchmarks.VotesAsync(TelegramBenchOptions.Parse(rest)),
        ["publish-latency", .. var rest] => await TelegramBenchmarks.PublishLatencyAsync(TelegramBenchOptions.Parse(rest)),
        ["welcomes", .. var rest] => await TelegramBenchmarks.WelcomesAsync(TelegramBenchOptions.Parse(rest, 3_000, 60)),
        ["paid-broadcast", .. var rest] => await DeliveryBenchmarks.PaidBroadcastAsync(DeliveryBenchOptions.Parse(rest, 20_000, 2_000, defaultLatencyMs: 150, defaultJitterMs: 20)),
        ["teams-fanout", .. var rest] => await TeamsBenchmarks.FanOutAsync(DeliveryBenchOptions.Parse(rest, 45_000, 1_500)),
        ["whatsapp-fanout", .. var rest] => await WhatsAppBenchmarks.FanOutAsync(DeliveryBenchOptions.Parse(rest, 10_000, 800)),
        ["scale-out", .. var rest] => await ScaleOutBenchmark.RunAsync([.. rest]),
        ["search", .. var rest] => await ReadingBenchmarks.SearchAsync(rest),
        ["clicks", .. var rest] => await ReadingBenchmarks.ClicksAsync(rest),
        ["smoke", .. var rest] => await SmokeRun.RunAsync(rest),
        ["serve-telegram", .. var rest] => await FakeTelegramChild.RunAsync(DeliveryBenchOptions.Parse(rest, 1, 1)),
        ["serve-presses"] => await PressClients.RunChildAsync(),
        _ => Help(2),
    };
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    await Console.Error.WriteLineAsync(DeliveryBenchOptions.Usage);
    await Console.Error.WriteLineAsync(TelegramBenchOptions.Usage);
    return 2;
}

static int Help(int exitCode)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    Console.Error.WriteLine(DeliveryBenchOptions.Usage);
    Console.Error.WriteLine(TelegramBenchOptions.Usage);
    Console.Error.WriteLine(ScaleOutBenchmark.Usage);
    Console.Error.WriteLine(ReadingBenchmarks.Usage);
    Console.Error.WriteLine(SmokeRun.Usage);
    return exitCode;
}
