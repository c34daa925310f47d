using System.Diagnostics;
using System.Text.Json;
using Humas.Bot.FakePlatforms;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.FaultSuite.Support;

namespace Humas.Bot.Benchmarks.ScaleOut;

/// <summary>
/// <c>scale-out [--quick] [--readers N] [--instances 1,2,4]</c>: delivery throughput of 1, 2 and 4 real service
/// processes on one PostgreSQL database (a throw-away server, fsync off) against the fake Telegram server with
/// no limits. Each point is a fresh database with N readers and one article; measured from the first successful
/// send to the last row recorded Sent. The instances run with paid broadcast at 1,000/s, the highest limit the
/// service accepts, shared between them (docs/OPERATIONS.md), so 1,000/s is the ceiling of every point.
/// Prints one JSON document.
/// </summary>
public static class ScaleOutBenchmark
{
    public const string Usage = """
          scale-out [--quick] [--readers N] [--instances 1,2,4] [--latency-ms MS] [--jitter-ms MS] [--concurrency N]
                                         delivery throughput of 1, 2 and 4 instances on one PostgreSQL database
                                         against the fake with no limits (readers: 20000, quick 3000); the
                                         fake answers each request MS (+ 0..jitter) after it arrived (default 0);
                                         each instance sends at most N at once (Delivery:Concurrency, default 64)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var readers = quick ? 3_000 : 20_000;
        var counts = new[] { 1, 2, 4 };
        int latencyMs = 0, jitterMs = 0, concurrency = 64;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--readers" when i + 1 < args.Length:
                    readers = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--instances" when i + 1 < args.Length:
                    counts = args[++i].Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--latency-ms" when i + 1 < args.Length:
                    latencyMs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--jitter-ms" when i + 1 < args.Length:
                    jitterMs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--concurrency" when i + 1 < args.Length:
                    concurrency = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"unknown scale-out option {args[i]}");
            }
        }

        if (latencyMs < 0 || jitterMs < 0)
        {
            throw new ArgumentException("--latency-ms and --jitter-ms must be 0 or more");
        }

        if (concurrency is < 1 or > 1024)
        {
            throw new ArgumentException("--concurrency must be 1 to 1024");
        }

        var latency = ResponseLatency.FromMilliseconds(latencyMs, jitterMs);
        var points = new List<object>();
        foreach (var n in counts)
        {
            points.Add(await MeasureAsync(n, readers, latency, concurrency));
            Console.Error.WriteLine(JsonSerializer.Serialize(points[^1]));
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "scale-out",
            readers,
            fakeLatencyMs = latencyMs,
            fakeJitterMs = jitterMs,
            concurrencyPerInstance = concurrency,
            processors = Environment.ProcessorCount,
            loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null,
            points,
        }, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static async Task<object> MeasureAsync(int instances, int readers, ResponseLatency latency, int concurrency)
    {
        await using var deployment = await Deployment.PostgresAsync(new FakeTelegramOptions { Latency = latency });
        deployment.Settings["Delivery__Concurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        deployment.Settings["Delivery__LeaseSeconds"] = "60";
        deployment.Settings["Telegram__RequestTimeoutSeconds"] = "30";
        deployment.Settings["Telegram__PaidBroadcast"] = "true";
        deployment.Settings["Telegram__PaidBroadcastPerSecond"] = "1000";
        // The fake has no limits: even pacing at 1 ms spacing would measure timer resolution, not the engine.
        deployment.Settings["Delivery__PaceBotEvenly"] = "false";
        await deployment.SeedReadersAsync(readers);
        var running = Enumerable.Range(0, instances).Select(_ => deployment.Start()).ToArray();
        await Wait.UntilReadyAsync(instances, running);

        var title = $"Uji skala {instances} {Guid.NewGuid():N}"[..30];
        var articleId = await deployment.PublishAsync(title);
        var clock = Stopwatch.StartNew();
        await Wait.UntilAsync(async () => await deployment.SentCountAsync(articleId) >= readers, TimeSpan.FromMinutes(10), "every delivery Sent", running);
        var sends = deployment.Fake.RequestsFor("sendMessage").Where(r => r.Succeeded).OrderBy(r => r.ReceivedAt).ToList();
        var first = sends[0].ReceivedAt;
        var seconds = (DateTimeOffset.UtcNow - first).TotalSeconds;
        return new
        {
            instances,
            readers,
            successfulSends = sends.Count,
            duplicates = sends.Count - sends.Select(s => s.ChatId).Distinct().Count(),
            secondsFirstSendToAllSent = Math.Round(seconds, 2),
            deliveriesPerSecond = Math.Round(readers / seconds, 0),
            secondsPublishToAllSent = Math.Round(clock.Elapsed.TotalSeconds, 2),
        };
    }
}
