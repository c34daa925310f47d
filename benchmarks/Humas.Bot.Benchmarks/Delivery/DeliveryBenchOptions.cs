using System.Globalization;
using Humas.Bot.FakePlatforms;

namespace Humas.Bot.Benchmarks.Delivery;

/// <summary>Flags of the delivery verbs (delivery-throughput, delivery-fidelity, fanout).</summary>
public sealed class DeliveryBenchOptions
{
    public int Subscribers { get; set; }

    /// <summary>Delivery:Concurrency; null keeps the service default.</summary>
    public int? Concurrency { get; set; }

    /// <summary>
    /// delivery-throughput and paid-broadcast: readers of a warm-up article sent before the measured one, apart from
    /// the measured readers (null: the verb's default).
    /// </summary>
    public int? Warmup { get; set; }

    public int WarmupReaders => Warmup ?? (Quick ? 100 : 5000);

    public bool Peer { get; set; } = true;
    public bool Quick { get; set; }
    public bool KeepDatabase { get; set; }
    public string LogLevel { get; set; } = "Warning";
    public string? PeerDirectory { get; set; }

    /// <summary>Extra engine settings, e.g. Delivery:RateWindowMarginMilliseconds=0.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>delivery-throughput only: also run the engine on a fresh PostgreSQL database, beside SQLite.</summary>
    public bool Postgres { get; set; }

    /// <summary>Fake server (serve-telegram) only: enforce <see cref="BotPerSecond"/> bot-wide and 1/s per chat.</summary>
    public bool Limits { get; set; }

    /// <summary>Fake server (serve-telegram) only: the bot-wide limit it enforces with --limits (Telegram's 30/s by default).</summary>
    public int BotPerSecond { get; set; } = 30;

    /// <summary>Every answer of the fake (and of the peer's fake) held this long after its request arrived.</summary>
    public ResponseLatency Latency { get; set; } = ResponseLatency.None;

    public const string Usage = """
          delivery-throughput [options]  the real delivery engine on SQLite against the fake Telegram server
                                         (child process, no limits); deliveries/s with every row persisted;
                                         then the grammY peer's raw send loop (concurrency 64) on the same fake
          delivery-fidelity [options]    the same, the fake enforcing 30/s bot-wide and 1/s per chat: share of
                                         30/s sustained, % of sends answered 429, lost; then grammY with
                                         transformer-throttler + auto-retry
          fanout [options]               plan one article for N subscribers into the outbox: seconds, peak memory
          teams-fanout [options]         one article to N personal Teams chats through the engine and the Teams
                                         adapter, the fake Bot Connector enforcing 50/s per tenant and the
                                         per-conversation windows: share of 50/s, 429s, lost, minutes
          whatsapp-fanout [options]      one article (the template) to N WhatsApp readers through the engine and
                                         the WhatsApp adapter, the fake Cloud API enforcing 80/s per number and
                                         the pair rate: share of 80/s, 130429/131056 answers, lost
          paid-broadcast [options]       paid broadcast (Telegram:PaidBroadcast, 1000/s) against the fake
                                         answering every request after --latency-ms (default 150, jitter 20):
                                         share of 1000/s; then the grammY raw loop with 256 in flight
          serve-telegram [--limits [--bot-per-second N]] [--latency-ms MS --jitter-ms MS]
                                         (internal) the fake Telegram server child

        delivery options:
          --subscribers N        private chats subscribed to everything
                                 (defaults: throughput 20000, fidelity 3000, fanout 100000,
                                 teams-fanout 45000, whatsapp-fanout 10000, paid-broadcast 20000)
          --concurrency N        Delivery:Concurrency (default: the service's default, 64)
          --latency-ms MS        the fake answers each request MS after it arrived (a far round trip;
                                 default 0, paid-broadcast 150)
          --jitter-ms MS         plus a uniformly drawn 0..MS per answer (default 0, paid-broadcast 20)
          --warmup W             delivery-throughput, paid-broadcast: two articles to W other readers first,
                                 each sent and followed by a pause for the JIT, before the measured article;
                                 the peer sends 2 x W messages first too; the first article's figures are
                                 reported as "warmup" (default 5000; quick 100; 0 = measure a cold process)
          --no-peer              skip the grammY peer
          --postgres             delivery-throughput: the same broadcast again on a fresh PostgreSQL
                                 database (the tests' throw-away server), and its ratio to SQLite's
          --peer-dir DIR         where benchmarks/peers/grammy is (found by walking up by default)
          --set KEY=VALUE        any engine setting, e.g. --set Delivery:RateWindowMarginMilliseconds=0
          --keep-database        leave the temporary SQLite file for inspection
          --log-level L          engine log level, logs go to stderr (default Warning)
          --quick                smoke run: throughput 2000, fidelity 300, fanout 10000,
                                 teams-fanout 1500, whatsapp-fanout 800, paid-broadcast 2000 subscribers
        """;

    public static DeliveryBenchOptions Parse(
        IReadOnlyList<string> args, int defaultSubscribers, int quickSubscribers, int defaultLatencyMs = 0, int defaultJitterMs = 0)
    {
        var o = new DeliveryBenchOptions { Subscribers = defaultSubscribers };
        int? subscribers = null;
        var latencyMs = defaultLatencyMs;
        var jitterMs = defaultJitterMs;
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (flag)
            {
                case "--subscribers": subscribers = Int(); break;
                case "--concurrency": o.Concurrency = Int(); break;
                case "--warmup": o.Warmup = Int(); break;
                case "--no-peer": o.Peer = false; break;
                case "--postgres": o.Postgres = true; break;
                case "--peer-dir": o.PeerDirectory = Next(); break;
                case "--keep-database": o.KeepDatabase = true; break;
                case "--log-level": o.LogLevel = Next(); break;
                case "--limits": o.Limits = true; break;
                case "--bot-per-second": o.BotPerSecond = Int(); break;
                case "--latency-ms": latencyMs = Int(); break;
                case "--jitter-ms": jitterMs = Int(); break;
                case "--set":
                    var pair = Next().Split('=', 2);
                    o.Settings[pair[0]] = pair.Length == 2 ? pair[1] : throw new ArgumentException("--set needs key=value");
                    break;
                case "--quick": o.Quick = true; break;
                default: throw new ArgumentException($"unknown option {flag}");
            }
        }

        o.Subscribers = subscribers ?? (o.Quick ? quickSubscribers : defaultSubscribers);
        if (o.Subscribers < 1 || o.Concurrency is < 1 || o.Warmup is < 0)
        {
            throw new ArgumentException("--subscribers and --concurrency must be positive, --warmup not negative");
        }

        if (latencyMs < 0 || jitterMs < 0)
        {
            throw new ArgumentException("--latency-ms and --jitter-ms must be 0 or more");
        }

        o.Latency = ResponseLatency.FromMilliseconds(latencyMs, jitterMs);

        return o;
    }
}
