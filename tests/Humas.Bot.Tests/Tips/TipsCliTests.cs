using Humas.Bot.Storage.Audit;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Tips;

/// <summary>The operator verbs, run as the real executable against a SQLite file the tests then read.</summary>
public sealed class TipsCliTests : IDisposable
{
    private readonly TestDatabase _database = TipsHarness.NewDatabase();

    public void Dispose() => _database.Dispose();

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        ServiceProcess.RunAsync(args, new Dictionary<string, string?> { ["ConnectionStrings__Humas"] = _database.ConnectionString }, _database.Folder);

    [Fact]
    public async Task Contributors_invite_prints_a_code_that_registers_for_the_unit()
    {
        var (code, stdout, stderr) = await RunAsync("contributors", "invite", "--institution", "setneg", "--unit", "PPK GBK", "--uses", "2", "--days", "10");

        Assert.True(code == 0, stderr);
        var invite = Assert.Single(stdout.Split('\n').Select(l => l.Trim()), l => System.Text.RegularExpressions.Regex.IsMatch(l, "^[0-9A-Z]{5}-[0-9A-Z]{5}$"));
        Assert.Contains("setneg / PPK GBK, 2 use(s)", stdout, StringComparison.Ordinal);
        using var h = new TipsHarness(database: _database);
        Assert.Equal(h.Text("tips.register.ok", "id", "PPK GBK", "Kementerian Sekretariat Negara"), await h.Commands.RegisterAsync(TipsHarness.Author(), invite, default));

        var (bad, _, error) = await RunAsync("contributors", "invite", "--institution", "nope", "--unit", "X");
        Assert.Equal((2, "error: no institution 'nope'"), (bad, error.Trim()));

        // The invite made is audited as the dashboard's are; the refused one is not.
        await using var db = _database.CreateDbContext();
        var audited = Assert.Single(await db.Set<AdminAuditEntry>().ToListAsync());
        Assert.Equal(("invite.create", "setneg", "PPK GBK"), (audited.Action, audited.TargetId, audited.Detail));
        Assert.StartsWith("cli:", audited.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tips_block_refuses_the_author_and_tips_list_shows_the_queue()
    {
        using var h = new TipsHarness(database: _database);
        var ticket = await h.SubmitAsync(TipsHarness.Author("7"), "Peresmian gedung baru.");

        var (code, stdout, stderr) = await RunAsync("tips", "block", "test:7");
        Assert.True(code == 0, stderr);
        Assert.Contains("Blocked test:7.", stdout, StringComparison.Ordinal);
        Assert.Equal(h.Text("tips.blocked", "id"), Assert.Single(await h.Send(new Humas.Bot.Tips.TipStart(TipsHarness.Author("7")))).Text);

        var (_, list, _) = await RunAsync("tips", "list", "--state", "new");
        Assert.Contains(ticket, list, StringComparison.Ordinal);
        Assert.Contains("Peresmian gedung baru.", list, StringComparison.Ordinal);
        var (_, none, _) = await RunAsync("tips", "list", "--state", "accepted");
        Assert.DoesNotContain(ticket, none, StringComparison.Ordinal);
        var (again, againOut, _) = await RunAsync("tips", "block", "test:7");
        Assert.Equal(0, again);
        Assert.Contains("test:7 was already blocked.", againOut, StringComparison.Ordinal);
        var (usage, _, _) = await RunAsync("tips", "block", "nocolon");
        Assert.Equal(2, usage);
        Assert.Single(await h.Db(db => db.Set<TipBlock>().ToListAsync()));
        // The block is audited once: blocking again changes nothing and writes nothing.
        var audited = Assert.Single(await h.Db(db => db.Set<AdminAuditEntry>().ToListAsync()));
        Assert.Equal(("author.block", "author", "test:7"), (audited.Action, audited.TargetKind, audited.TargetId));
    }
}
