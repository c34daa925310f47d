using System.Globalization;

namespace Humas.Bot.Benchmarks.Telegram;

/// <summary>Flags of the Telegram verbs (votes, publish-latency, welcomes).</summary>
public sealed class TelegramBenchOptions
{
    public int Articles { get; set; }
    public int Chats { get; set; }
    public int Presses { get; set; }

    /// <summary>votes: presses by other readers sent and counted first, so the measured presses meet a warm process.</summary>
    public int Warmup { get; set; }
    public int Clients { get; set; }
    public int Subscribers { get; set; }
    public int Samples { get; set; }
    public bool Quick { get; set; }

    /// <summary>welcomes: newcomers who send /start while the broadcast goes out.</summary>
    public int Welcomes { get; set; }

    /// <summary>votes: readers of a broadcast published just before the presses (0 = none).</summary>
    public int Broadcast { get; set; }

    /// <summary>votes: also run the grammY peer (benchmarks/peers/grammy/votes.js, counting in memory) with the same presses.</summary>
    public bool Peer { get; set; }

    /// <summary>votes: the service on a fresh PostgreSQL database (the throw-away server of the tests) instead of SQLite.</summary>
    public bool Postgres { get; set; }
    public bool KeepDatabase { get; set; }
    public string LogLevel { get; set; } = "Warning";
    public Dictionary<string, string> Settings { get; } = [];

    public const string Usage = """
          votes [options]            the real host in Webhook mode on SQLite, the fake Telegram server as its
                                     Bot API (child process): K articles published and delivered, then N
                                     reaction presses POSTed to /api/telegram/webhook by concurrent clients
                                     (in a child process of their own),
                                     distinct users: acks/s, ack p50/p95/p99, votes counted/s end to end,
                                     press -> answerCallbackQuery p50/p99
          publish-latency [options]  M subscribers, then articles POSTed to /api/articles one after another:
                                     201 -> first sendMessage at the fake, p50/p99
          welcomes [options]         the same host with Telegram's limits at the fake (30/s, 1/s per chat):
                                     M subscribers get one article while W newcomers send /start: share of
                                     30/s, requests answered 429 (welcomes included), lost

        telegram options:
          --articles K           votes: articles voted on (default 10; quick 3)
          --chats C              votes: chats each article is delivered to (default 200; quick 50)
          --presses N            votes: reaction presses (default 10000; quick 2000)
          --warmup W             votes: W presses by other readers first, in two rounds, each counted and
                                 followed by a pause for the JIT, before the measured presses; the first
                                 round's own figures are reported as "cold" (default 10000; quick 0;
                                 0 = measure a cold process)
          --clients N            votes: concurrent webhook clients (default 64)
          --broadcast R          votes: R more readers, and an article published to every reader just before
                                 the presses, so they are counted while that broadcast goes out (default 0)
          --postgres             votes: on a fresh PostgreSQL database instead of SQLite
          --peer                 votes: then the same presses to a grammY bot counting in memory
                                 (benchmarks/peers/grammy/votes.js, node) against its own fresh fake
          --subscribers M        publish-latency: subscribers (default 1000; quick 100);
                                 welcomes: (default 3000; quick 60)
          --welcomes W           welcomes: newcomers sending /start (default 300; quick 10)
          --samples S            publish-latency: articles published one after another (default 10; quick 3)
          --set KEY=VALUE        any service setting
          --keep-database        leave the temporary SQLite file for inspection
          --log-level L          service log level, logs go to stderr (default Warning)
          --quick                smoke run with the smaller defaults
        """;

    public static TelegramBenchOptions Parse(IReadOnlyList<string> args, int defaultSubscribers = 1000, int quickSubscribers = 100)
    {
        var o = new TelegramBenchOptions();
        int? articles = null, chats = null, presses = null, warmup = null, clients = null, subscribers = null, samples = null, welcomes = null;
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (flag)
            {
                case "--articles": articles = Int(); break;
                case "--chats": chats = Int(); break;
                case "--presses": presses = Int(); break;
                case "--warmup": warmup = Int(); break;
                case "--clients": clients = Int(); break;
                case "--subscribers": subscribers = Int(); break;
                case "--samples": samples = Int(); break;
                case "--welcomes": welcomes = Int(); break;
                case "--broadcast": o.Broadcast = Int(); break;
                case "--postgres": o.Postgres = true; break;
                case "--peer": o.Peer = true; break;
                case "--keep-database": o.KeepDatabase = true; break;
                case "--log-level": o.LogLevel = Next(); break;
                case "--set":
                    var pair = Next().Split('=', 2);
                    o.Settings[pair[0]] = pair.Length == 2 ? pair[1] : throw new ArgumentException("--set needs key=value");
                    break;
                case "--quick": o.Quick = true; break;
                default: throw new ArgumentException($"unknown option {flag}");
            }
        }

        o.Articles = articles ?? (o.Quick ? 3 : 10);
        o.Chats = chats ?? (o.Quick ? 50 : 200);
        o.Presses = presses ?? (o.Quick ? 2000 : 10_000);
        o.Warmup = warmup ?? (o.Quick ? 0 : 10_000);
        o.Clients = clients ?? 64;
        o.Subscribers = subscribers ?? (o.Quick ? quickSubscribers : defaultSubscribers);
        o.Welcomes = welcomes ?? (o.Quick ? 10 : 300);
        o.Samples = samples ?? (o.Quick ? 3 : 10);
        if (o.Articles < 1 || o.Chats < 1 || o.Presses < 1 || o.Clients < 1 || o.Subscribers < 1 || o.Samples < 1 || o.Welcomes < 1 || o.Broadcast < 0 || o.Warmup < 0)
        {
            throw new ArgumentException("counts must be positive");
        }

        return o;
    }
}
