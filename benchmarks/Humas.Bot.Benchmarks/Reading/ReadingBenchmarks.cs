using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Humas.Bot.Benchmarks.Delivery;
using Humas.Bot.Delivery;
using Humas.Bot.FakePlatforms.Postgres;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Links;
using Humas.Bot.Localization;
using Humas.Bot.Search;
using Humas.Bot.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Benchmarks.Reading;

/// <summary>
/// <c>search</c>: full-text search latency over many articles on SQLite (and PostgreSQL with <c>--postgres</c>).
/// <c>clicks</c>: the counted redirect under concurrent requests, and whether every click was counted.
/// </summary>
public static class ReadingBenchmarks
{
    public const string Usage = """
          search [--articles N] [--queries N] [--postgres] [--quick]
                                 N articles (default 100000, quick 10000) with FTS triggers on; latency of /cari's
                                 query for a rare word, a common word, two words and a word within one institution
          clicks [--requests N] [--concurrency N] [--quick]
                                 GET /r/{token} N times (default 20000, quick 2000) from C clients (default 32):
                                 redirects/s, latency, clicks written vs requests
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> SearchAsync(IReadOnlyList<string> args)
    {
        var articles = Option(args, "--articles", Quick(args) ? 10_000 : 100_000);
        var queries = Option(args, "--queries", Quick(args) ? 50 : 200);
        var results = new List<object> { await SearchOnAsync("sqlite", articles, queries) };
        if (args.Contains("--postgres"))
        {
            results.Add(PostgresServer.Available
                ? await SearchOnAsync("postgres", articles, queries)
                : new { Database = "postgres", Skipped = "no PostgreSQL binaries (tests/setup/postgres.sh installs them)" });
        }

        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
        {
            Benchmark = "search",
            Machine = DeliveryBenchmarks.Machine(),
            Articles = articles,
            QueriesPerKind = queries,
            Results = results,
        }, Json));
        return 0;
    }

    private static async Task<object> SearchOnAsync(string database, int articles, int queries)
    {
        var folder = Directory.CreateTempSubdirectory("humas-search-bench-");
        var settings = BenchHost.BaseSettings(Path.Combine(folder.FullName, "humas.db"), "Warning");
        string? pgName = null;
        if (database == "postgres")
        {
            pgName = "bench_" + Guid.NewGuid().ToString("N");
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Humas"] = await PostgresServer.Shared.CreateDatabaseAsync(pgName);
        }

        var builder = BenchHost.CreateBuilder(settings);
        builder.AddLocalization();
        builder.AddStorage();
        await using var app = builder.Build();
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var factory = app.Services.GetRequiredService<IDbContextFactory<HumasDbContext>>();

        var seeding = Stopwatch.StartNew();
        await SeedAsync(factory, articles);
        seeding.Stop();

        var search = new ArticleSearch(factory);
        var random = new Random(7);
        var kinds = new (string Kind, Func<(SearchTerms, Follows)> Query)[]
        {
            ("rare word (1 match)", () => (SearchTerms.Parse("kode" + random.Next(articles)), Follows.Everything)),
            ("common word (every article)", () => (SearchTerms.Parse("berita"), Follows.Everything)),
            ("two words (about 1 in 100)", () => (SearchTerms.Parse("banjir jakarta"), Follows.Everything)),
            ("topic word within one institution", () => (SearchTerms.Parse(Topics[random.Next(Topics.Length)]), new Follows(false, ["inst3"], [], []))),
        };
        var measured = new List<object>();
        foreach (var (kind, query) in kinds)
        {
            var times = new List<double>();
            var found = 0;
            for (var i = 0; i < queries; i++)
            {
                var (terms, follows) = query();
                var watch = Stopwatch.StartNew();
                found += (await search.FindAsync(terms, follows, 5, null, CancellationToken.None)).Count;
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            measured.Add(new { Kind = kind, Milliseconds = Percentiles(times), AnswersPerQuery = Math.Round((double)found / queries, 2) });
        }

        await app.StopAsync();
        SqliteConnection.ClearAllPools();
        if (pgName is not null)
        {
            await PostgresServer.Shared.DropDatabaseAsync(pgName);
        }

        folder.Delete(recursive: true);
        return new { Database = database, SeedSeconds = Math.Round(seeding.Elapsed.TotalSeconds, 1), Queries = measured };
    }

    private static readonly string[] Topics = ["banjir", "bansos", "beasiswa", "vaksinasi", "jembatan", "pangan", "pajak", "pemilu", "sekolah", "kesehatan"];

    /// <summary>
    /// Ten institutions; each article has "berita", one topic word, "jakarta" in one in ten, and its own "kodeN". Stored
    /// oldest first, as a running service stores what its sources publish.
    /// </summary>
    private static async Task SeedAsync(IDbContextFactory<HumasDbContext> factory, int count)
    {
        await using (var db = await factory.CreateDbContextAsync())
        {
            for (var i = 0; i < 10; i++)
            {
                db.Add(new Institution { Id = $"inst{i}", Name = $"Instansi {i}", CreatedAt = DateTime.UtcNow });
            }

            await db.SaveChangesAsync();
        }

        var filler = "Pemerintah melalui kementerian terkait terus memperkuat koordinasi layanan publik di daerah dan pusat";
        var random = new Random(11);
        const int batch = 1000;
        for (var start = 0; start < count; start += batch)
        {
            await using var db = await factory.CreateDbContextAsync();
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                var id = Guid.NewGuid();
                var url = $"https://inst{i % 10}.go.id/berita/{i}";
                var topic = Topics[random.Next(Topics.Length)];
                var place = random.Next(10) == 0 ? "jakarta" : "daerah";
                db.Add(new Article
                {
                    Id = id, InstitutionId = $"inst{i % 10}", Url = url, CanonicalUrl = url,
                    Title = $"Berita {topic} di {place} nomor {i}", Summary = $"Ringkasan berita tentang {topic}.",
                    Body = $"{filler} {topic} {place} kode{i}. {filler}.", PublishedAt = DateTime.UtcNow.AddMinutes(i - count),
                    DiscoveredAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, ContentHash = id.ToString("N"), Announced = true, Revision = 1,
                });
            }

            await db.SaveChangesAsync();
        }
    }

    public static async Task<int> ClicksAsync(IReadOnlyList<string> args)
    {
        var requests = Option(args, "--requests", Quick(args) ? 2_000 : 20_000);
        var concurrency = Option(args, "--concurrency", 32);
        var folder = Directory.CreateTempSubdirectory("humas-clicks-bench-");
        var settings = BenchHost.BaseSettings(Path.Combine(folder.FullName, "humas.db"), "Warning");
        settings["PublicUrl"] = "https://bot.example.go.id";
        var builder = BenchHost.CreateBuilder(settings);
        builder.AddLocalization();
        builder.AddStorage();
        builder.AddDelivery();
        builder.AddLinks();
        await using var app = builder.Build();
        app.MapLinks();
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var articleId = Guid.NewGuid();
        const string articleUrl = "https://www.kominfo.go.id/berita/1";
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<HumasDbContext>>().CreateDbContextAsync())
        {
            db.Add(new Institution { Id = "kominfo", Name = "Kominfo", CreatedAt = DateTime.UtcNow });
            db.Add(new Article
            {
                Id = articleId, InstitutionId = "kominfo", Url = articleUrl, CanonicalUrl = articleUrl, Title = "Berita", PublishedAt = DateTime.UtcNow,
                DiscoveredAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, ContentHash = "x", Announced = true, Revision = 1,
            });
            await db.SaveChangesAsync();
        }

        await app.StartAsync();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var link = await app.Services.GetRequiredService<ArticleLinks>().ReadUrlAsync(articleId, articleUrl, "telegram", CancellationToken.None);
        var path = new Uri(link).AbsolutePath;
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36");
        var times = new double[requests];
        var next = -1;
        var redirects = 0;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(path);
                times[i] = watch.Elapsed.TotalMilliseconds;
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    Interlocked.Increment(ref redirects);
                }
            }
        }));
        total.Stop();
        await app.StopAsync();   // writes the clicks still in memory

        int written;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<HumasDbContext>>().CreateDbContextAsync())
        {
            written = await db.Set<ArticleClickDay>().SumAsync(c => c.Clicks);
        }

        SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
        {
            Benchmark = "clicks",
            Machine = DeliveryBenchmarks.Machine(),
            Host = "Storage, Delivery and Links as Program.cs wires them, SQLite, Kestrel on 127.0.0.1, a browser User-Agent",
            Requests = requests,
            Concurrency = concurrency,
            Redirects = redirects,
            ClicksWritten = written,
            RedirectsPerSecond = Math.Round(requests / total.Elapsed.TotalSeconds),
            Milliseconds = Percentiles([.. times]),
        }, Json));
        return written == requests && redirects == requests ? 0 : 1;
    }

    private static object Percentiles(List<double> times)
    {
        times.Sort();
        double At(double p) => Math.Round(times[Math.Min(times.Count - 1, (int)(p * times.Count))], 2);
        return new { P50 = At(0.5), P95 = At(0.95), P99 = At(0.99), Max = Math.Round(times[^1], 2) };
    }

    private static bool Quick(IReadOnlyList<string> args) => args.Contains("--quick");

    private static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        var i = args.ToList().IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
