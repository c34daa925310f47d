using System.Globalization;

namespace Humas.Bot.Benchmarks;

/// <summary>Flags shared by the <c>polling</c> and <c>serve-feeds</c> verbs. Parsed by hand: two verbs, a dozen flags.</summary>
public sealed class BenchOptions
{
    public int Sources { get; set; } = 10_000;
    public int Cycles { get; set; } = 3;
    public double ChangedPercent { get; set; } = 2;
    public int ItemsPerFeed { get; set; } = 20;

    /// <summary>Feeds served under one host name; a ministry site usually has several (per category).</summary>
    public int FeedsPerHost { get; set; } = 10;

    /// <summary>Null keeps the service's own defaults (Ingestion:MaxConcurrentPolls, MaxConcurrentPerHost).</summary>
    public int? Concurrency { get; set; }
    public int? PerHost { get; set; }

    /// <summary>The interval the goal is stated for (the CPU projection divides by it).</summary>
    public int IntervalSeconds { get; set; } = 300;

    /// <summary>Stop after the first poll has started: only the start-up figures (the whole first cycle takes minutes).</summary>
    public bool StartupOnly { get; set; }

    public bool InProcessServer { get; set; }
    public bool KeepDatabase { get; set; }
    public string LogLevel { get; set; } = "Warning";
    public int? Port { get; set; }

    public const string Usage = """
        Humas.Bot.Benchmarks — ingestion polling load harness (prints one JSON document on stdout)

          polling [options]      run the real SourcePoller against a local feed server
          serve-feeds [options]  (internal) the feed server, started as a child process by `polling`

        options:
          --sources N            feeds / configured sources                  (default 10000)
          --cycles N             measured polling cycles after the first one  (default 3)
          --changed-percent P    feeds that publish one new item per cycle    (default 2)
          --items N              items per feed                                (default 20)
          --feeds-per-host N     feeds sharing one host name                   (default 10)
          --concurrency N        Ingestion:MaxConcurrentPolls   (default: the service's default)
          --per-host N           Ingestion:MaxConcurrentPerHost (default: the service's default)
          --interval S           poll interval the CPU projection is for, seconds (default 300)
          --startup-only         measure start-up to the first poll, then stop (no polling cycles)
          --in-process-server    serve feeds from this process (CPU then includes the server)
          --log-level L          service log level, logs go to stderr          (default Warning)
          --keep-database        leave the temporary SQLite file for inspection
          --quick                smoke run: 200 sources, 2 cycles, 10% changed
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (flag)
            {
                case "--sources": o.Sources = Int(); break;
                case "--cycles": o.Cycles = Int(); break;
                case "--changed-percent": o.ChangedPercent = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--items": o.ItemsPerFeed = Int(); break;
                case "--feeds-per-host": o.FeedsPerHost = Int(); break;
                case "--concurrency": o.Concurrency = Int(); break;
                case "--per-host": o.PerHost = Int(); break;
                case "--interval": o.IntervalSeconds = Int(); break;
                case "--in-process-server": o.InProcessServer = true; break;
                case "--startup-only": o.StartupOnly = true; break;
                case "--keep-database": o.KeepDatabase = true; break;
                case "--log-level": o.LogLevel = Next(); break;
                case "--port": o.Port = Int(); break;
                case "--quick":
                    o.Sources = 200;
                    o.Cycles = 2;
                    o.ChangedPercent = 10;
                    break;
                default: throw new ArgumentException($"unknown option {flag}");
            }
        }

        if (o.Sources < 1 || o.Cycles < 1 || o.ItemsPerFeed < 1 || o.FeedsPerHost < 1 || o.ChangedPercent is < 0 or > 100)
        {
            throw new ArgumentException("--sources, --cycles, --items and --feeds-per-host must be positive; --changed-percent 0..100");
        }

        return o;
    }

    /// <summary>The flags the feed server child needs to serve the same feeds.</summary>
    public string ServerArguments() => string.Join(' ',
        "serve-feeds",
        "--sources", Sources.ToString(CultureInfo.InvariantCulture),
        "--changed-percent", ChangedPercent.ToString(CultureInfo.InvariantCulture),
        "--items", ItemsPerFeed.ToString(CultureInfo.InvariantCulture),
        "--feeds-per-host", FeedsPerHost.ToString(CultureInfo.InvariantCulture));
}
