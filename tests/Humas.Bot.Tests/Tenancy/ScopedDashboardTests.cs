using System.Net;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Tests.Admin;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Tenancy;

/// <summary>
/// An institution's editor sees and acts on its own rows only: another institution's tip, article and report
/// pages answer 404 (as for a row that does not exist), its actions change nothing, and its lists leave them out;
/// a national account sees every institution's.
/// </summary>
public sealed class ScopedDashboardTests : IDisposable
{
    private readonly AdminHarness _h = new();

    public void Dispose() => _h.Dispose();

    private Task<HttpClient> SignedInAsync(string email, AdminRole role, params string[] institutions) =>
        _h.SignedInAsync(email, role, institutions);

    private async Task<(long Own, long Other, Guid OwnArticle, Guid OtherArticle)> SeedAsync()
    {
        await using var db = _h.App.CreateDbContext();
        var own = await AdminSeed.TipAsync(db, text: "Penyaluran bansos di desa kami.");
        own.InstitutionId = "kemensos";
        var other = await AdminSeed.TipAsync(db, text: "Sidang kabinet paripurna besok.");
        other.InstitutionId = "setneg";
        await db.SaveChangesAsync();
        var ownArticle = await AdminSeed.ArticleAsync(db, "kemensos", "Bansos tahap dua disalurkan");
        var otherArticle = await AdminSeed.ArticleAsync(db, "setneg", "Sidang kabinet paripurna");
        return (own.Id, other.Id, ownArticle.Id, otherArticle.Id);
    }

    [Fact]
    public async Task An_institutions_editor_gets_404_for_another_institutions_tip_article_and_report_pages()
    {
        var (own, other, ownArticle, otherArticle) = await SeedAsync();
        var client = await SignedInAsync("redaktur@kemensos.go.id", AdminRole.Editor, "kemensos");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/usulan/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/usulan/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/artikel/{ownArticle}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/artikel/{otherArticle}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/laporan/evaluasi?institution=kemensos")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/laporan/evaluasi?institution=setneg")).StatusCode);

        // The lists leave the other institution's rows out rather than linking to a 404.
        var tips = await client.GetStringAsync("/admin/usulan");
        Assert.Contains("Penyaluran bansos", tips, StringComparison.Ordinal);
        Assert.DoesNotContain("Sidang kabinet", tips, StringComparison.Ordinal);
        var articles = await client.GetStringAsync("/admin/artikel");
        Assert.Contains("Bansos tahap dua", articles, StringComparison.Ordinal);
        Assert.DoesNotContain("Sidang kabinet", articles, StringComparison.Ordinal);

        // A national editor sees both.
        var national = await SignedInAsync("koordinator@kominfo.go.id", AdminRole.Editor);
        Assert.Equal(HttpStatusCode.OK, (await national.GetAsync($"/admin/usulan/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await national.GetAsync($"/admin/artikel/{otherArticle}")).StatusCode);
        Assert.Contains("Sidang kabinet", await national.GetStringAsync("/admin/usulan"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acting_on_another_institutions_tip_is_a_404_and_changes_nothing()
    {
        var (own, other, _, _) = await SeedAsync();
        var client = await SignedInAsync("redaktur@kemensos.go.id", AdminRole.Editor, "kemensos");

        var accept = await AdminHarness.PostFormAsync(client, $"/admin/usulan/{own}", $"/admin/usulan/{other}?handler=Accept");
        var reply = await AdminHarness.PostFormAsync(client, $"/admin/usulan/{own}", $"/admin/usulan/{other}?handler=Reply", new() { ["message"] = "Halo" });
        var assign = await AdminHarness.PostFormAsync(client, $"/admin/usulan/{own}", $"/admin/usulan/{other}?handler=Assign", new() { ["assignee"] = "redaktur@kemensos.go.id" });

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { accept.StatusCode, reply.StatusCode, assign.StatusCode });
        await using var db = _h.App.CreateDbContext();
        Assert.Equal(TipState.New, (await db.Set<Tip>().SingleAsync(t => t.Id == other)).State);
        Assert.Equal(1, await db.Set<TipEvent>().CountAsync(e => e.TipId == other));
    }

    [Fact]
    public async Task An_institutions_admin_manages_only_its_accounts_and_may_not_make_a_national_one()
    {
        await SignedInAsync("kepala@setneg.go.id", AdminRole.Admin, "setneg");
        var admin = await SignedInAsync("kepala@kemensos.go.id", AdminRole.Admin, "kemensos");

        var users = await admin.GetStringAsync("/admin/pengguna");
        Assert.Contains("kepala@kemensos.go.id", users, StringComparison.Ordinal);
        Assert.DoesNotContain("kepala@setneg.go.id", users, StringComparison.Ordinal);

        var national = await AdminHarness.PostFormAsync(admin, "/admin/pengguna", "/admin/pengguna?handler=Add",
            new() { ["email"] = "baru@kemensos.go.id", ["role"] = "Editor", ["password"] = AdminHarness.Password });
        var foreign = await AdminHarness.PostFormAsync(admin, "/admin/pengguna", "/admin/pengguna?handler=Add",
            new() { ["email"] = "baru@kemensos.go.id", ["role"] = "Editor", ["password"] = AdminHarness.Password, ["institutions"] = "setneg" });
        var own = await AdminHarness.PostFormAsync(admin, "/admin/pengguna", "/admin/pengguna?handler=Add",
            new() { ["email"] = "baru@kemensos.go.id", ["role"] = "Editor", ["password"] = AdminHarness.Password, ["institutions"] = "kemensos" });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Redirect), (national.StatusCode, foreign.StatusCode, own.StatusCode));
        var accounts = await _h.App.Services.GetRequiredService<AdminAccounts>().ListAsync(default);
        Assert.Equal(["kemensos"], accounts.Single(a => a.User.Email == "baru@kemensos.go.id").Institutions);

        // The other institution's account cannot be changed by id either.
        var setneg = accounts.Single(a => a.User.Email == "kepala@setneg.go.id").User.Id;
        var role = await AdminHarness.PostFormAsync(admin, "/admin/pengguna", "/admin/pengguna?handler=Institutions",
            new() { ["id"] = setneg.ToString(System.Globalization.CultureInfo.InvariantCulture), ["institutions"] = "kemensos" });
        Assert.Equal(HttpStatusCode.NotFound, role.StatusCode);
        Assert.Equal(["setneg"], await _h.App.Services.GetRequiredService<AdminAccounts>().InstitutionsOfAsync(setneg, default));
    }

    [Fact]
    public async Task Changing_an_accounts_institutions_ends_its_sessions()
    {
        var (_, other, _, _) = await SeedAsync();
        var accounts = _h.App.Services.GetRequiredService<AdminAccounts>();
        var client = await SignedInAsync("redaktur@kemensos.go.id", AdminRole.Editor, "kemensos");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/usulan/{other}")).StatusCode);

        var user = await accounts.FindByEmailAsync("redaktur@kemensos.go.id", default);
        await accounts.SetInstitutionsAsync(user!.Id, ["kemensos", "setneg"], default);

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/admin/usulan/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AdminHarness.SignInAsync(client, "redaktur@kemensos.go.id", AdminHarness.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/usulan/{other}")).StatusCode);
    }
}
