using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Ingestion;

/// <summary>The operator CLI, run as the real executable against a fresh SQLite file.</summary>
public sealed class OperatorCliTests : IDisposable
{
    private readonly TestDatabase _database = new(migrate: false);

    public void Dispose() => _database.Dispose();

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        ServiceProcess.RunAsync(args, new Dictionary<string, string?> { ["ConnectionStrings__Humas"] = _database.ConnectionString, ["Demo__Enabled"] = "true" }, _database.Folder);

    [Fact]
    public async Task Sources_check_on_the_demo_feed_prints_the_five_seed_titles_with_their_dates_and_writes_nothing()
    {
        var (code, stdout, stderr) = await RunAsync("sources", "check", "demo");

        Assert.True(code == 0, stderr);
        var rows = stdout.Split('\n').Where(l => l.StartsWith("│ ", StringComparison.Ordinal) && char.IsDigit(l[2])).ToList();
        Assert.Equal(5, rows.Count);
        Assert.Contains("Friday, 14 July 2017", rows[0], StringComparison.Ordinal);
        Assert.Contains("Menguatkan Peran Kehumasan, Kemensetneg Mengadakan Rakor", rows[0], StringComparison.Ordinal);
        Assert.Contains("Wednesday, 21 August 2019", rows[1], StringComparison.Ordinal);
        Assert.Contains("Tuesday, 6 October 2015", rows[4], StringComparison.Ordinal);
        Assert.Contains("Sinergi Pengelolaan Komunikasi Publik", rows[4], StringComparison.Ordinal);
        Assert.Contains("Nothing was written", stdout, StringComparison.Ordinal);
        Assert.Contains("Feed description: Contoh berita kehumasan pemerintah dari Kemensetneg", stdout, StringComparison.Ordinal);

        var (_, list, _) = await RunAsync("articles", "list");
        Assert.Contains("0 article(s).", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_list_shows_the_configured_sources_health()
    {
        var (code, stdout, _) = await RunAsync("sources", "list");

        Assert.Equal(0, code);
        Assert.Contains("demo", stdout, StringComparison.Ordinal);
        Assert.Contains("Active", stdout, StringComparison.Ordinal);
        Assert.Contains("1 source(s)", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "sources", "check", "no-such-source")]
    [InlineData(1, "sources", "check", "http://127.0.0.1:9/feed.xml")]
    [InlineData(1, "articles", "list", "--since", "kemarin")]
    [InlineData(2, "sources", "chek", "demo")]
    [InlineData(2, "articles")]
    public async Task Operator_errors_are_one_line_on_stderr_with_a_non_zero_exit_code(int expected, params string[] args)
    {
        var (code, _, stderr) = await RunAsync(args);

        Assert.Equal(expected, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
    }
}
