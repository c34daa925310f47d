using Humas.Bot.Institutions;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Tips;

/// <summary>
/// A tip written to an institution's own bot or number (<see cref="TipAuthor.Account"/>) is that institution's without
/// the institution question, in every <c>Tips:AskInstitution</c> mode; a registered contributor keeps their invite's
/// institution; an account naming an institution that is unknown or disabled is treated as the national bot.
/// </summary>
public sealed class TipOwnAccountTests
{
    private static TipsHarness Start(string mode) => new(new() { ["Tips:AskInstitution"] = mode });

    private static TipAuthor On(string account, string user = "42") => TipsHarness.Author(user) with { Account = account };

    [Theory]
    [InlineData("Always")]
    [InlineData("Auto")]
    [InlineData("Never")]
    public async Task A_citizens_tip_on_an_institutions_own_account_is_that_institutions_without_a_question(string mode)
    {
        using var h = Start(mode);
        var me = On("kemensos");

        Assert.Equal(h.Text("tips.ask_text", "id"), Assert.Single(await h.Send(new TipStart(me))).Text);
        await h.Send(new TipText(me, "Penyaluran bansos di desa kami tertunda dua minggu."));
        await h.Send(new TipAction(me, "done"));
        await h.Send(new TipAction(me, "skip"));

        Assert.Equal("kemensos", (await h.SubmitFromSummaryAsync(me)).InstitutionId);
    }

    [Fact]
    public async Task A_bundle_on_an_institutions_own_account_is_that_institutions()
    {
        using var h = Start("Always");
        var me = On("kemensos");

        await h.Send(new TipAttachment(me, "photo", "p1", null, "image/jpeg", 10) { Caption = "Jembatan desa putus." });
        await h.Send(new TipAction(me, "send"));

        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());
        Assert.Equal("kemensos", tip.InstitutionId);
    }

    [Fact]
    public async Task A_contributor_on_an_institutions_own_account_keeps_the_institution_of_their_invite()
    {
        using var h = Start("Always");
        var me = On("kemensos");
        var invite = await h.Contributors.CreateInviteAsync("kominfo", "Biro Humas", 1, 7, default);
        await h.Commands.RegisterAsync(me, invite.Code, default);

        Assert.Equal(h.Text("tips.ask_text", "id"), Assert.Single(await h.Send(new TipStart(me))).Text);
        await h.Send(new TipText(me, "Sinyal internet hilang di kecamatan kami."));
        await h.Send(new TipAction(me, "done"));
        await h.Send(new TipAction(me, "skip"));

        Assert.Equal("kominfo", (await h.SubmitFromSummaryAsync(me)).InstitutionId);
    }

    [Fact]
    public async Task An_account_naming_an_unknown_or_disabled_institution_is_asked_as_on_the_national_bot()
    {
        using var h = Start("Always");
        await using (var db = h.Database.CreateDbContext())
        {
            await db.Set<Institution>().Where(i => i.Id == "kemensos").ExecuteUpdateAsync(u => u.SetProperty(i => i.Disabled, true));
        }

        foreach (var (account, user) in new[] { ("", "41"), ("gone", "42"), ("kemensos", "43") })
        {
            Assert.Equal(h.Text("tips.ask_institution", "id"), Assert.Single(await h.Send(new TipStart(On(account, user)))).Text);
        }
    }

    [Fact]
    public async Task With_Never_a_tip_on_the_national_account_stays_national()
    {
        using var h = Start("Never");
        var me = On("");

        Assert.Equal(h.Text("tips.ask_text", "id"), Assert.Single(await h.Send(new TipStart(me))).Text);
        await h.Send(new TipText(me, "Jalan rusak di Jalan Merdeka."));
        await h.Send(new TipAction(me, "done"));
        await h.Send(new TipAction(me, "skip"));

        Assert.Null((await h.SubmitFromSummaryAsync(me)).InstitutionId);
    }
}
