using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Humas.Bot.Host;
using Humas.Bot.Ingestion;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Console;

namespace Humas.Bot.Benchmarks;

/// <summary>
/// Runs the real service wiring (HumasHost.CreateBuilder + AddObservability + AddStorage + AddIngestion, a
/// fresh SQLite file, N configured sources) against the local feed server and measures each polling cycle:
/// every source polled once by the real SourcePoller / SourcePollJob.
/// <para>
/// Cycle 0 is the first poll of every source (everything answers 200; items are recorded as seen, not
/// announced). Before each later cycle the feed server publishes one new item in the configured percent of
/// the feeds, and every source's NextPollAt is set to now, as if the interval had passed; the poller picks
/// them up on its own schedule (it wakes at least every 5 s). A cycle ends when N polls have completed.
/// </para>
/// </summary>
public static class PollingBenchmark
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task<int> RunAsync(BenchOptions o)
    {
        var folder = Directory.CreateTempSubdirectory("humas-bench-");
        var dbPath = Path.Combine(folder.FullName, "humas.db");
        await using var server = await FeedServerHandle.StartAsync(o);
        var hostNamesResolve = await HostNamesResolveToLoopbackAsync();

        var settings = Settings(o, dbPath, server.Address, hostNamesResolve);
        using var polls = new PollListener();
        using var memory = new MemorySampler();
        await using var progress = polls.Progress();
        var self = Process.GetCurrentProcess();
        var results = new List<CycleResult>();

        // Start-up as an operator sees it: from reading the configuration to the first poll's start.
        var window = Window.Begin(self, server, memory);
        var waitPriming = polls.ExpectAsync(o.Sources);
        var (app, startup, started) = await StartAsync(settings, polls, self);
        if (o.StartupOnly)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            // A restart: the same configuration on the database the first start filled (the common case).
            polls.ResetFirstPoll();
            var (again, restart, _) = await StartAsync(settings, polls, self);
            await again.StopAsync();
            await again.DisposeAsync();
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(StartupReport(o, startup, restart), Json));
            Delete(o, folder, dbPath);
            return 0;
        }

        var startupSeconds = started;
        var priming = await waitPriming.WaitAsync(TimeSpan.FromMinutes(60));
        results.Add(await window.EndAsync(app, 0, "first poll of every source (after start-up)", o.Sources, priming, feedsChanged: o.Sources));

        for (var cycle = 1; cycle <= o.Cycles; cycle++)
        {
            var changed = await server.AdvanceAsync(cycle);
            window = Window.Begin(self, server, memory);
            var wait = polls.ExpectAsync(o.Sources);
            await using (var db = await app.Services.GetRequiredService<IDbContextFactory<HumasDbContext>>().CreateDbContextAsync())
            {
                var now = DateTime.UtcNow;
                await db.Set<Source>().ExecuteUpdateAsync(s => s.SetProperty(x => x.NextPollAt, now));
            }

            var done = await wait.WaitAsync(TimeSpan.FromMinutes(60));
            results.Add(await window.EndAsync(app, cycle, "steady", o.Sources, done, changed));
        }

        await app.StopAsync();
        var report = Report.From(o, results, startupSeconds, startup, server.CpuTime is not null, hostNamesResolve, self);
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(report, Json));

        await app.DisposeAsync();
        Delete(o, folder, dbPath);
        return 0;
    }

    /// <summary>Builds and starts the host, timing each step up to the first poll's start.</summary>
    private static async Task<(WebApplication App, StartupResult Startup, double StartedSeconds)> StartAsync(
        Dictionary<string, string?> settings, PollListener polls, Process self)
    {
        var startTimestamp = Stopwatch.GetTimestamp();
        double Now() => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        double At(long timestamp) => Stopwatch.GetElapsedTime(startTimestamp, timestamp).TotalSeconds;
        var builder = BenchHost.CreateBuilder(settings);
        builder.AddObservability();
        builder.AddStorage();
        var migrated = new StartupProbe();
        builder.Services.AddSingleton<IHostedService>(migrated);
        builder.AddInstitutions();
        builder.AddIngestion();
        var synced = new StartupProbe();
        builder.Services.AddSingleton<IHostedService>(synced);
        var app = builder.Build();
        var built = Now();
        // Binding and validating the Sources and Institutions lists; StartAsync would do it first anyway.
        _ = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<InstitutionsOptions>>().Value;
        _ = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SourcesOptions>>().Value;
        var bound = Now();
        await app.StartAsync();
        var started = Now();
        var firstPoll = await polls.FirstPollStartedAsync().WaitAsync(TimeSpan.FromMinutes(60));
        self.Refresh();
        var startup = new StartupResult(
            Round(At(firstPoll)),
            Round(built),
            Round(bound - built),
            Round(At(migrated.Reached) - bound),
            Round(At(synced.Reached) - At(migrated.Reached)),
            Round(started - At(synced.Reached)),
            Round(At(firstPoll) - started),
            Mb(self.PeakWorkingSet64));
        return (app, startup, started);
    }

    private static void Delete(BenchOptions o, DirectoryInfo folder, string dbPath)
    {
        if (!o.KeepDatabase)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
        else
        {
            Console.Error.WriteLine($"database kept at {dbPath}");
        }
    }

    /// <summary>
    /// Seconds from creating the host builder (the configuration with N sources is read) to the first poll's
    /// start, and its parts: building the host, binding and validating the source lists, then StartAsync's
    /// steps (migrations; the source catalog synced into the database; the hosted services started), and
    /// StartAsync's end to the start of the first poll to finish.
    /// </summary>
    public sealed record StartupResult(
        double ToFirstPollSeconds,
        double BuildSeconds,
        double BindSourcesSeconds,
        double MigrateSeconds,
        double SourceCatalogSeconds,
        double StartServicesSeconds,
        double StartedToFirstPollSeconds,
        double ProcessPeakWorkingSetMB)
    {
        public object Goal(int sources) => new
        {
            Statement = "start-up with 10,000 configured sources at most 10 s to the first poll",
            ToFirstPollSeconds,
            GoalSeconds = 10,
            Met = sources >= 10_000 ? ToFirstPollSeconds <= 10 : (bool?)null,
        };
    }

    private static object StartupReport(BenchOptions o, StartupResult startup, StartupResult restart) => new
    {
        Benchmark = "ingestion-startup",
        Settings = new { o.Sources, o.FeedsPerHost, Institutions = (o.Sources + o.FeedsPerHost - 1) / o.FeedsPerHost, Database = "SQLite, fresh file in a temp folder", o.LogLevel },
        Machine = Delivery.DeliveryBenchmarks.Machine(),
        // First start: an empty database (every migration, every source inserted). Restart: the same
        // configuration again, in the same process, so the runtime's JIT is warm (a real restart pays it again).
        Startup = startup,
        Restart = restart,
        StartupGoal = startup.Goal(o.Sources),
    };

    private static Dictionary<string, string?> Settings(BenchOptions o, string dbPath, Uri server, bool hostNames)
    {
        var s = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Humas"] = $"Data Source={dbPath}",
            ["Database:Provider"] = "Sqlite",
            ["Logging:LogLevel:Default"] = o.LogLevel,
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Ingestion:AllowPrivateNetworks"] = "true", // the feeds are served on loopback
        };
        if (o.Concurrency is { } c)
        {
            s["Ingestion:MaxConcurrentPolls"] = c.ToString(CultureInfo.InvariantCulture);
        }

        if (o.PerHost is { } h)
        {
            s["Ingestion:MaxConcurrentPerHost"] = h.ToString(CultureInfo.InvariantCulture);
        }

        var institutions = (o.Sources + o.FeedsPerHost - 1) / o.FeedsPerHost;
        for (var i = 0; i < institutions; i++)
        {
            s[$"Institutions:{i}:Id"] = $"inst-{i:D5}";
            s[$"Institutions:{i}:Name"] = $"Kementerian {i}";
            s[$"Institutions:{i}:Hosts:0"] = FeedContent.HostOf(i * o.FeedsPerHost, o.FeedsPerHost);
        }

        for (var i = 0; i < o.Sources; i++)
        {
            // One host name per ministry site (all resolve to 127.0.0.1), so the per-host politeness limit
            // and the connection pools behave as with real sites.
            var host = hostNames ? FeedContent.HostOf(i, o.FeedsPerHost) : server.Host;
            s[$"Sources:{i}:Id"] = $"bench-{i:D5}";
            s[$"Sources:{i}:Institution"] = $"inst-{i / o.FeedsPerHost:D5}";
            s[$"Sources:{i}:Url"] = $"http://{host}:{server.Port}{FeedContent.PathOf(i)}";
            s[$"Sources:{i}:Kind"] = "Rss";
            // Cycles are started by the harness (NextPollAt = now), so a long first cycle must not make
            // sources due again on their own before it ends: a day, not the interval under test.
            s[$"Sources:{i}:PollSeconds"] = "86400";
        }

        return s;
    }

    /// <summary>Whether <c>*.localhost</c> names resolve to 127.0.0.1 here (RFC 6761; .NET does it without a hosts entry).</summary>
    private static async Task<bool> HostNamesResolveToLoopbackAsync()
    {
        try
        {
            var addresses = await System.Net.Dns.GetHostAddressesAsync(FeedContent.HostOf(0, 1));
            return addresses.Contains(System.Net.IPAddress.Loopback);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>Counts completed polls from the service's own metrics (humas.ingestion.*).</summary>
    private sealed class PollListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Lock _gate = new();
        private volatile TaskCompletionSource<long> _firstStart = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private PollTally? _current;

        public PollListener()
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == IngestionMetrics.MeterName
                    && instrument.Name is "humas.ingestion.poll.duration" or "humas.ingestion.articles.created")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((instrument, seconds, tags, _) =>
            {
                string? outcome = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "outcome")
                    {
                        outcome = tag.Value as string;
                    }
                }

                var now = Stopwatch.GetTimestamp();
                _firstStart.TrySetResult(now - (long)(seconds * Stopwatch.Frequency));
                lock (_gate)
                {
                    _current?.Add(now, seconds, outcome);
                }
            });
            _listener.SetMeasurementEventCallback<long>((_, created, _, _) =>
            {
                lock (_gate)
                {
                    _current?.AddCreated(created);
                }
            });
            _listener.Start();
        }

        /// <summary>Progress on stderr (stdout carries only the JSON document).</summary>
        public Timer Progress() => new(_ =>
        {
            lock (_gate)
            {
                Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} polls completed in this cycle: {_current?.Polls}");
            }
        }, null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));

        /// <summary>Completes with the timestamp at which the first poll of the run started.</summary>
        public Task<long> FirstPollStartedAsync() => _firstStart.Task;

        public void ResetFirstPoll() => _firstStart = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<PollTally> ExpectAsync(int polls)
        {
            lock (_gate)
            {
                _current = new PollTally(polls);
                return _current.Done.Task;
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    public sealed class PollTally(int expected)
    {
        public TaskCompletionSource<PollTally> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Polls { get; private set; }
        public int Ok { get; private set; }
        public int NotModified { get; private set; }
        public int Failed { get; private set; }
        public long Created { get; private set; }
        public long FirstStart { get; private set; } = long.MaxValue;
        public long LastEnd { get; private set; }
        public double MaxPollSeconds { get; private set; }
        public List<double> Durations { get; } = new(expected);

        public void Add(long now, double seconds, string? outcome)
        {
            Polls++;
            switch (outcome)
            {
                case "ok": Ok++; break;
                case "not_modified": NotModified++; break;
                default: Failed++; break;
            }

            FirstStart = Math.Min(FirstStart, now - (long)(seconds * Stopwatch.Frequency));
            LastEnd = Math.Max(LastEnd, now);
            MaxPollSeconds = Math.Max(MaxPollSeconds, seconds);
            Durations.Add(seconds);
            if (Polls == expected)
            {
                Done.TrySetResult(this);
            }
        }

        public void AddCreated(long n) => Created += n;
    }

    /// <summary>Working set and GC heap sampled every 50 ms; peaks are per window.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peakWorkingSet;
        private long _peakHeap;
        private long _peakCommitted;

        public MemorySampler() => _timer = new Timer(_ => Sample(), null, 0, 50);

        public void Sample()
        {
            var ws = Environment.WorkingSet;
            var heap = GC.GetTotalMemory(false);
            var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
            InterlockedMax(ref _peakWorkingSet, ws);
            InterlockedMax(ref _peakHeap, heap);
            InterlockedMax(ref _peakCommitted, committed);
        }

        public (long WorkingSet, long Heap, long Committed) TakePeaks()
        {
            Sample();
            return (Interlocked.Exchange(ref _peakWorkingSet, 0), Interlocked.Exchange(ref _peakHeap, 0), Interlocked.Exchange(ref _peakCommitted, 0));
        }

        private static void InterlockedMax(ref long target, long value)
        {
            long seen;
            while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }

        public void Dispose() => _timer.Dispose();
    }

    private sealed record Window(Process Self, FeedServerHandle Server, MemorySampler Memory, long Started, TimeSpan Cpu, TimeSpan? ServerCpu, long Allocated, int Gen0, int Gen1, int Gen2)
    {
        public static Window Begin(Process self, FeedServerHandle server, MemorySampler memory)
        {
            memory.TakePeaks();
            self.Refresh();
            return new Window(self, server, memory, Stopwatch.GetTimestamp(), self.TotalProcessorTime, server.CpuTime,
                GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        }

        public async Task<CycleResult> EndAsync(WebApplication app, int cycle, string kind, int sources, PollTally tally, int feedsChanged)
        {
            Self.Refresh();
            var cpu = (Self.TotalProcessorTime - Cpu).TotalSeconds;
            var serverCpu = Server.CpuTime - ServerCpu;
            var (ws, heap, committed) = Memory.TakePeaks();
            var wall = Stopwatch.GetElapsedTime(tally.FirstStart, tally.LastEnd).TotalSeconds;
            var durations = tally.Durations.Order().ToList();
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<HumasDbContext>>().CreateDbContextAsync();
            return new CycleResult
            {
                Cycle = cycle,
                Kind = kind,
                FeedsChanged = feedsChanged,
                Polls = tally.Polls,
                Ok200 = tally.Ok,
                NotModified304 = tally.NotModified,
                Failed = tally.Failed,
                NewArticlesStored = tally.Created,
                ArticlesInDatabase = await db.Set<Article>().LongCountAsync(),
                WallSeconds = Round(wall),
                TriggerToFirstPollSeconds = Round(Stopwatch.GetElapsedTime(Started, tally.FirstStart).TotalSeconds),
                PollsPerSecond = Round(tally.Polls / wall),
                PollMillisecondsP50 = Round(1000 * durations[durations.Count / 2]),
                PollMillisecondsP99 = Round(1000 * durations[Math.Min(durations.Count - 1, durations.Count * 99 / 100)]),
                ServiceCpuSeconds = Round(cpu),
                ServiceCpuMillisecondsPerPoll = Round(1000 * cpu / tally.Polls),
                FeedServerCpuSeconds = serverCpu is { } s ? Round(s.TotalSeconds) : null,
                PeakWorkingSetMB = Mb(ws),
                PeakGcHeapMB = Mb(heap),
                PeakGcCommittedMB = Mb(committed),
                AllocatedMB = Mb(GC.GetTotalAllocatedBytes() - Allocated),
                Gen0Collections = GC.CollectionCount(0) - Gen0,
                Gen1Collections = GC.CollectionCount(1) - Gen1,
                Gen2Collections = GC.CollectionCount(2) - Gen2,
            };
        }
    }

    internal static double Round(double v) => Math.Round(v, 3);

    internal static double Mb(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);

    public sealed class CycleResult
    {
        public int Cycle { get; init; }
        public string Kind { get; init; } = "";
        public int FeedsChanged { get; init; }
        public int Polls { get; init; }
        public int Ok200 { get; init; }
        public int NotModified304 { get; init; }
        public int Failed { get; init; }
        public long NewArticlesStored { get; init; }
        public long ArticlesInDatabase { get; init; }
        public double WallSeconds { get; init; }
        public double TriggerToFirstPollSeconds { get; init; }
        public double PollsPerSecond { get; init; }
        public double PollMillisecondsP50 { get; init; }
        public double PollMillisecondsP99 { get; init; }
        public double ServiceCpuSeconds { get; init; }
        public double ServiceCpuMillisecondsPerPoll { get; init; }
        public double? FeedServerCpuSeconds { get; init; }
        public double PeakWorkingSetMB { get; init; }
        public double PeakGcHeapMB { get; init; }
        public double PeakGcCommittedMB { get; init; }
        public double AllocatedMB { get; init; }
        public int Gen0Collections { get; init; }
        public int Gen1Collections { get; init; }
        public int Gen2Collections { get; init; }
    }

    public sealed record Report(
        string Benchmark,
        object Settings,
        object Machine,
        double StartupSeconds,
        StartupResult Startup,
        object StartupGoal,
        IReadOnlyList<CycleResult> Cycles,
        object SteadyState,
        object Goal)
    {
        public static Report From(BenchOptions o, List<CycleResult> cycles, double startupSeconds, StartupResult startup, bool serverSeparate, bool hostNames, Process self)
        {
            var steady = cycles.Where(c => c.Cycle > 0).ToList();
            var cpuPerCycle = steady.Average(c => c.ServiceCpuSeconds);
            var cpuPercent = cpuPerCycle / o.IntervalSeconds * 100;
            var steadyPeak = steady.Max(c => c.PeakWorkingSetMB);
            self.Refresh();
            var processPeak = Mb(self.PeakWorkingSet64);
            return new Report(
                "ingestion-polling",
                new
                {
                    o.Sources,
                    o.Cycles,
                    o.ChangedPercent,
                    o.ItemsPerFeed,
                    o.FeedsPerHost,
                    HostNames = hostNames ? "one *.localhost name per feeds-per-host group" : "127.0.0.1 for all (*.localhost did not resolve)",
                    MaxConcurrentPolls = o.Concurrency?.ToString(CultureInfo.InvariantCulture) ?? "service default (16)",
                    MaxConcurrentPerHost = o.PerHost?.ToString(CultureInfo.InvariantCulture) ?? "service default (2)",
                    PollSeconds = "86400 (cycles are started by the harness)",
                    FeedServer = serverSeparate ? "child process (its CPU is reported apart)" : "in process (service CPU includes the server)",
                    Database = "SQLite, fresh file in a temp folder",
                    o.LogLevel,
                    Gc = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
                },
                new
                {
                    ProcessorCount = Environment.ProcessorCount,
                    Os = RuntimeInformation.OSDescription,
                    Runtime = RuntimeInformation.FrameworkDescription,
                },
                Round(startupSeconds),
                startup,
                startup.Goal(o.Sources),
                cycles,
                new
                {
                    CyclesAveraged = steady.Count,
                    ServiceCpuSecondsPerCycle = Round(cpuPerCycle),
                    WallSecondsPerCycle = Round(steady.Average(c => c.WallSeconds)),
                    PollsPerSecond = Round(steady.Average(c => c.PollsPerSecond)),
                    NewArticlesPerCycle = Round(steady.Average(c => c.NewArticlesStored)),
                    FeedServerCpuSecondsPerCycle = serverSeparate ? Round(steady.Average(c => c.FeedServerCpuSeconds ?? 0)) : (double?)null,
                    PeakWorkingSetMB = steadyPeak,
                    PeakGcHeapMB = steady.Max(c => c.PeakGcHeapMB),
                    ProcessPeakWorkingSetMB = processPeak,
                },
                new
                {
                    Statement = $"10,000 sources every 5 minutes on at most 10% of one core and 300 MB",
                    IntervalSeconds = o.IntervalSeconds,
                    CpuPercentOfOneCoreAt5MinInterval = Round(cpuPercent),
                    CpuPercentProjectedTo10000Sources = Round(cpuPercent * 10_000 / o.Sources),
                    CpuGoalPercent = 10,
                    // Below goal scale the projection is dominated by JIT warm-up and fixed costs: no verdict.
                    CpuGoalMet = o.Sources >= 10_000 ? cpuPercent <= 10 : (bool?)null,
                    PeakMB = Math.Max(processPeak, steadyPeak),
                    MemoryGoalMB = 300,
                    MemoryGoalMet = o.Sources >= 10_000 ? Math.Max(processPeak, steadyPeak) <= 300 : (bool?)null,
                    MeasuredAtGoalScale = o.Sources >= 10_000,
                });
        }
    }
}
