using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Search;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Search;

/// <summary>The full-text index of each database: what it finds, in which order, kept in step with edits, and never a table scan.</summary>
public abstract class ArticleSearchTests(DatabaseKind kind) : IDisposable
{
    private readonly TestDatabase _database = new(migrate: true, kind);
    private static readonly DateTime Now = new(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc);

    public void Dispose() => _database.Dispose();

    private ArticleSearch Search => new(_database);

    private async Task<Guid> AddAsync(string institution, string title, string summary = "", string body = "", int hoursAgo = 0, string? category = null)
    {
        await using var db = _database.CreateDbContext();
        if (await db.Set<Institution>().FindAsync(institution) is null)
        {
            db.Add(new Institution { Id = institution, Name = "Instansi " + institution, CreatedAt = Now });
        }

        var id = Guid.NewGuid();
        var url = $"https://{institution}.go.id/berita/{id:N}";
        db.Add(new Article
        {
            Id = id, InstitutionId = institution, Url = url, CanonicalUrl = url, Title = title, Summary = summary, Body = body, Category = category,
            PublishedAt = Now.AddHours(-hoursAgo), DiscoveredAt = Now, UpdatedAt = Now, ContentHash = id.ToString("N"), Announced = true, Revision = 1,
        });
        await db.SaveChangesAsync();
        return id;
    }

    private Task<IReadOnlyList<ArticleHit>> FindAsync(string query, Follows? within = null, int take = 5) =>
        Search.FindAsync(SearchTerms.Parse(query), within ?? Follows.Everything, take, null, CancellationToken.None);

    [Fact]
    public async Task Words_are_found_in_title_summary_and_body_case_insensitively_newest_first()
    {
        var inTitle = await AddAsync("kemensos", "Penyaluran Bansos tahap IV", hoursAgo: 3);
        var inSummary = await AddAsync("kemensos", "Rapat kerja", summary: "Membahas data penerima BANSOS.", hoursAgo: 1);
        var inBody = await AddAsync("setneg", "Kunjungan kerja", body: "Presiden meninjau penyaluran bansos di Bogor.", hoursAgo: 2);
        await AddAsync("setneg", "Beasiswa pendidikan");

        var hits = await FindAsync("bansos");

        Assert.Equal([inSummary, inBody, inTitle], hits.Select(h => h.Id));
        Assert.Equal("Instansi kemensos", hits[0].InstitutionName);
        Assert.StartsWith("https://kemensos.go.id/berita/", hits[0].Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_words_must_match_and_a_word_finds_longer_words_it_starts()
    {
        var both = await AddAsync("bnpb", "Banjir Jakarta surut", body: "Genangan di Jakarta Timur.");
        await AddAsync("bnpb", "Banjir di Semarang");
        var longer = await AddAsync("kemendikbud", "Beasiswanya cair minggu depan");

        Assert.Equal([both], (await FindAsync("banjir jakarta")).Select(h => h.Id));
        Assert.Equal([longer], (await FindAsync("beasiswa")).Select(h => h.Id));
        Assert.Empty(await FindAsync("gempa"));
    }

    [Fact]
    public async Task What_the_reader_follows_limits_the_answer_and_take_and_except_are_honoured()
    {
        var social = await AddAsync("kemensos", "Bansos pangan", hoursAgo: 1);
        var sport = await AddAsync("kemenpora", "Bansos atlet", category: "olahraga", hoursAgo: 2);
        var other = await AddAsync("setneg", "Bansos lain", hoursAgo: 3);

        Assert.Equal([social], (await FindAsync("bansos", new Follows(false, ["kemensos"], [], []))).Select(h => h.Id));
        Assert.Equal([social, sport], (await FindAsync("bansos", new Follows(false, ["kemensos"], ["olahraga"], []))).Select(h => h.Id));
        Assert.Empty(await FindAsync("bansos", new Follows(false, [], [], [])));
        Assert.Equal([social, sport], (await FindAsync("bansos", take: 2)).Select(h => h.Id));
        Assert.Equal([other], (await Search.FindAsync(SearchTerms.Parse("bansos"), Follows.Everything, 5, [social, sport], CancellationToken.None)).Select(h => h.Id));
        Assert.Equal([social, sport], (await Search.LatestAsync(new Follows(false, ["kemensos", "kemenpora"], [], []), 5, CancellationToken.None)).Select(h => h.Id));
    }

    [Fact]
    public async Task Beyond_the_newest_articles_the_whole_index_answers_the_same_way()
    {
        var old = await AddAsync("bnpb", "Banjir bandang", hoursAgo: 50);
        var older = await AddAsync("bnpb", "Banjir rob", hoursAgo: 60);
        for (var i = 0; i < 5; i++)
        {
            await AddAsync("bnpb", $"Cuaca cerah {i}", hoursAgo: i);
        }

        // A window of two newest articles holds no flood: the second ask finds them, newest first.
        var narrow = new ArticleSearch(_database, recentWindow: 2);
        var hits = await narrow.FindAsync(SearchTerms.Parse("banjir"), Follows.Everything, 5, null, CancellationToken.None);
        Assert.Equal([old, older], hits.Select(h => h.Id));

        // A window that answers by itself gives what the whole index gives.
        var wide = await Search.FindAsync(SearchTerms.Parse("cuaca"), Follows.Everything, 3, null, CancellationToken.None);
        var whole = await new ArticleSearch(_database, recentWindow: 0).FindAsync(SearchTerms.Parse("cuaca"), Follows.Everything, 3, null, CancellationToken.None);
        Assert.Equal(whole.Select(h => h.Id), wide.Select(h => h.Id));
        Assert.Equal(3, wide.Count);
    }

    [Fact]
    public async Task The_index_follows_edits_and_deletions()
    {
        var id = await AddAsync("kemensos", "Pengumuman lama");
        await using (var db = _database.CreateDbContext())
        {
            var article = await db.Set<Article>().SingleAsync(a => a.Id == id);
            article.Title = "Pengumuman koreksi";
            article.Body = "Jadwal baru vaksinasi.";
            await db.SaveChangesAsync();
        }

        Assert.Empty(await FindAsync("lama"));
        Assert.Equal([id], (await FindAsync("koreksi vaksinasi")).Select(h => h.Id));

        await using (var db = _database.CreateDbContext())
        {
            await db.Set<Article>().Where(a => a.Id == id).ExecuteDeleteAsync();
        }

        Assert.Empty(await FindAsync("koreksi"));
        await AddAsync("kemensos", "Koreksi berikutnya");
        Assert.Single(await FindAsync("koreksi"));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"\"\"")]
    [InlineData("*")]
    [InlineData("NEAR(banjir jakarta, 2)")]
    [InlineData("banjir AND OR NOT")]
    [InlineData("Title:banjir")]
    [InlineData("^banjir")]
    [InlineData("banjir:* & !jakarta | (bogor <-> depok)")]
    [InlineData("'; DROP TABLE \"Articles\"; --")]
    [InlineData("\\ \0 \u202e banjir")]
    [InlineData("🌊🌊 banjir")]
    public async Task Hostile_queries_are_words_or_nothing_and_never_an_error(string query)
    {
        var id = await AddAsync("bnpb", "Banjir Jakarta", body: "near and or not title");

        var hits = await FindAsync(query);

        Assert.True(hits.Count <= 1);
        if (SearchTerms.Parse(query).Words.SequenceEqual(["banjir"]))
        {
            Assert.Equal([id], hits.Select(h => h.Id));
        }

        await using var db = _database.CreateDbContext();
        Assert.Equal(1, await db.Set<Article>().CountAsync());
    }

    [Fact]
    public async Task Very_long_input_is_answered()
    {
        await AddAsync("bnpb", "Banjir Jakarta");
        Assert.Empty(await FindAsync(string.Concat(Enumerable.Repeat("banjir\" OR *(", 10_000))[..50_000] + " gempa"));
        Assert.Single(await FindAsync(string.Concat(Enumerable.Repeat("banjir ", 10_000))));
    }

    [Fact]
    public async Task The_match_is_answered_by_the_full_text_index_not_a_table_scan()
    {
        for (var i = 0; i < 20; i++)
        {
            await AddAsync("bnpb", $"Berita {i}", body: i % 5 == 0 ? "banjir" : "cerah");
        }

        await using var db = _database.CreateDbContext();
        var sql = ArticleSearch.Matching(db, SearchTerms.Parse("banjir")).OrderByDescending(a => a.PublishedAt).ToQueryString();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        if (kind == DatabaseKind.Postgres)
        {
            // A 20-row table is cheaper to scan; with scans priced out the plan shows whether the index can answer.
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
            command.CommandText = "EXPLAIN " + Inline(sql, "'banjir:*'");
        }
        else
        {
            command.CommandText = "EXPLAIN QUERY PLAN " + Inline(sql, "'\"banjir\"*'");
        }

        var plan = await QueryPlans.ReadAsync(command);
        var text = string.Join("\n", plan);
        if (kind == DatabaseKind.Postgres)
        {
            Assert.Contains("IX_Articles_SearchVector", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan on \"Articles\"", text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("VIRTUAL TABLE INDEX", text, StringComparison.Ordinal);
            // The index's matches drive the join; the articles are looked up by key, never scanned (by date or otherwise).
            Assert.Matches(@"^SCAN ArticleSearch VIRTUAL TABLE INDEX", plan[0]);
            Assert.DoesNotMatch(@"SCAN (a|Articles)\b", text);
        }
    }

    /// <summary>ToQueryString's SQL with its one parameter written in, so EXPLAIN can run it; the parameter lines are dropped.</summary>
    private static string Inline(string sql, string literal)
    {
        var lines = sql.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith(".param", StringComparison.Ordinal));
        return System.Text.RegularExpressions.Regex.Replace(string.Join('\n', lines), @"@\w+", m => m.Value.StartsWith("@__", StringComparison.Ordinal) || m.Value.StartsWith("@p", StringComparison.Ordinal) ? literal : m.Value);
    }
}

public sealed class ArticleSearchTestsOnSqlite() : ArticleSearchTests(DatabaseKind.Sqlite);

public sealed class ArticleSearchTestsOnPostgres() : ArticleSearchTests(DatabaseKind.Postgres);
