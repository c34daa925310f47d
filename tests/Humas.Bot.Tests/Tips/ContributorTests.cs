using System.Text.RegularExpressions;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Contributors;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Tips;

public abstract class ContributorTests(DatabaseKind databaseKind)
{
    [Fact]
    public async Task An_invite_code_registers_a_contributor_whose_tips_then_carry_the_unit()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        var before = await h.SubmitAsync(me);
        var invite = await h.Contributors.CreateInviteAsync("setneg", "PPK GBK", uses: 1, days: 30, default);
        Assert.Matches(new Regex("^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$"), invite.Code);

        var answer = await h.Commands.RegisterAsync(me, invite.Code.ToLowerInvariant().Replace("-", " "), default);

        Assert.Equal(h.Text("tips.register.ok", "id", "PPK GBK", "Kementerian Sekretariat Negara"), answer);
        var after = await h.SubmitAsync(me);
        var tips = await h.Db(db => db.Set<Tip>().OrderBy(t => t.Id).ToListAsync());
        Assert.Equal((before, (string?)null, (string?)null), (tips[0].Ticket, tips[0].InstitutionId, tips[0].Unit));
        Assert.Equal((after, "setneg", "PPK GBK"), (tips[1].Ticket, tips[1].InstitutionId, tips[1].Unit));
        Assert.NotNull(tips[1].ContributorId);
        Assert.Contains("(setneg, PPK GBK)", h.Notifier.Editors.Last().Text);
        // Only the hash is stored.
        Assert.DoesNotContain(await h.Db(db => db.Set<TipInvite>().Select(i => i.CodeHash).ToListAsync()), c => c.Contains(invite.Code.Replace("-", ""), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Codes_are_single_or_limited_use_expire_and_unknown_ones_are_refused_politely()
    {
        using var h = new TipsHarness(db: databaseKind);
        var once = await h.Contributors.CreateInviteAsync("setneg", "Asdep Humas", 1, 30, default);
        var twice = await h.Contributors.CreateInviteAsync("kemensos", "Biro Humas", 2, 7, default);
        Assert.NotEqual(once.Code, twice.Code);

        Assert.Equal(h.Text("tips.register.ok", "en", "Asdep Humas", "Kementerian Sekretariat Negara"), await h.Commands.RegisterAsync(TipsHarness.Author("a", "en"), once.Code, default));
        Assert.Equal(h.Text("tips.register.expired", "en"), await h.Commands.RegisterAsync(TipsHarness.Author("b", "en"), once.Code, default));
        Assert.Equal(h.Text("tips.register.invalid", "id"), await h.Commands.RegisterAsync(TipsHarness.Author("b"), "AAAAA-BBBBB", default));
        await h.Commands.RegisterAsync(TipsHarness.Author("c"), twice.Code, default);
        h.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(h.Text("tips.register.expired", "id"), await h.Commands.RegisterAsync(TipsHarness.Author("d"), twice.Code, default));

        var contributors = await h.Db(db => db.Set<TipContributor>().OrderBy(c => c.Id).Select(c => c.UserExternalId + "/" + c.Unit).ToListAsync());
        Assert.Equal(["a/Asdep Humas", "c/Biro Humas"], contributors);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Contributors.CreateInviteAsync("nope", "X", 1, 30, default));
    }

    [Fact]
    public async Task The_board_counts_accepted_tips_of_this_Jakarta_month_only()
    {
        // 31 October, 10:00 in Jakarta.
        using var h = new TipsHarness(clock: new FakeTimeProvider(new DateTimeOffset(2026, 10, 31, 3, 0, 0, TimeSpan.Zero)), db: databaseKind);
        var nova = await RegisterAsync(h, "nova", "Nova Heni Susanti", "Istana Kepresidenan Yogyakarta");
        var rengga = await RegisterAsync(h, "rengga", "Rengga Damayanti", "Asdep Bidang Hukum");
        var citizen = TipsHarness.Author("citizen", name: "Warga");
        await AcceptAsync(h, nova); // October: not on November's board
        await AcceptAsync(h, nova);
        await AcceptAsync(h, nova);

        h.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 31, 17, 0, 0, TimeSpan.Zero)); // 1 November 00:00 in Jakarta
        await AcceptAsync(h, rengga);
        await AcceptAsync(h, rengga);
        await AcceptAsync(h, nova);
        await AcceptAsync(h, citizen); // not a contributor
        await h.SubmitAsync(nova);     // not decided
        var declined = await h.SubmitAsync(rengga);
        await h.Queue.DeclineAsync(await IdOf(h, declined), "Redaksi", null, default);

        var board = await h.Commands.LeaderboardAsync("id", default);

        Assert.Equal(string.Join("\n",
            h.Text("tips.top.header", "id", "11/2026"),
            h.Text("tips.top.line", "id", 1, "Rengga Damayanti", "Asdep Bidang Hukum", 2),
            h.Text("tips.top.line", "id", 2, "Nova Heni Susanti", "Istana Kepresidenan Yogyakarta", 1)), board);
        var units = await h.Get<TipLeaderboard>().UnitsAsync(2026, 10, default);
        Assert.Equal([("Istana Kepresidenan Yogyakarta", 3)], units.Select(u => (u.Unit, u.Accepted)));

        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero));
        Assert.Equal(h.Text("tips.top.empty", "en", "12/2026"), await h.Commands.LeaderboardAsync("en", default));
    }

    [Fact]
    public async Task Status_lists_my_tips_with_ticket_and_state_in_my_language()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author(language: "en");
        Assert.Equal(h.Text("tips.status_none", "en"), await h.Commands.StatusAsync(me, default));
        var first = await h.SubmitAsync(me);
        var second = await h.SubmitAsync(me);
        await h.Queue.AcceptAsync(await IdOf(h, first), "Redaksi", null, default);
        await h.SubmitAsync(TipsHarness.Author("other"));

        var status = await h.Commands.StatusAsync(me, default);

        Assert.Equal(string.Join("\n",
            h.Text("tips.status_header", "en"),
            h.Text("tips.status_line", "en", second, "22/11/2026", h.Text("tips.state.New", "en")),
            h.Text("tips.status_line", "en", first, "22/11/2026", h.Text("tips.state.Accepted", "en"))), status);
    }

    private static async Task<TipAuthor> RegisterAsync(TipsHarness h, string user, string name, string unit)
    {
        var author = TipsHarness.Author(user, name: name);
        var invite = await h.Contributors.CreateInviteAsync("setneg", unit, 1, 30, default);
        await h.Commands.RegisterAsync(author, invite.Code, default);
        return author;
    }

    private static async Task AcceptAsync(TipsHarness h, TipAuthor author) =>
        Assert.Equal(Humas.Bot.Tips.Queue.TipActionResult.Done, await h.Queue.AcceptAsync(await IdOf(h, await h.SubmitAsync(author)), "Redaksi", null, default));

    private static Task<long> IdOf(TipsHarness h, string ticket) => h.Db(db => db.Set<Tip>().Where(t => t.Ticket == ticket).Select(t => t.Id).SingleAsync());
}

public sealed class ContributorTestsOnSqlite() : ContributorTests(DatabaseKind.Sqlite);

public sealed class ContributorTestsOnPostgres() : ContributorTests(DatabaseKind.Postgres);
