using System.Net;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Institutions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Admin;

/// <summary>The Institutions page: national admins list, search, add, rename, set hosts and disable; nobody else may.</summary>
public sealed class InstitutionsPageTests : IDisposable
{
    private readonly AdminHarness _h = new();

    public void Dispose() => _h.Dispose();

    private Task<HttpClient> SignedInAsync(string email, AdminRole role, params string[] institutions) =>
        _h.SignedInAsync(email, role, institutions);

    [Fact]
    public async Task A_national_admin_adds_renames_sets_hosts_and_disables_an_institution()
    {
        var admin = await SignedInAsync("operator@kominfo.go.id", AdminRole.Admin);

        var added = await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Add",
            new() { ["id"] = "jatim", ["name"] = "Pemprov Jawa Timur", ["hosts"] = "jatimprov.go.id, www.kominfo.jatimprov.go.id" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("Lembaga jatim ditambahkan.", await admin.GetStringAsync("/admin/lembaga?q=jawa"), StringComparison.Ordinal);

        var renamed = await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Update",
            new() { ["id"] = "jatim", ["name"] = "Pemerintah Provinsi Jawa Timur", ["hosts"] = "jatimprov.go.id" });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        var disabled = await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Disable", new() { ["id"] = "jatim", ["disabled"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);

        await using var db = _h.App.CreateDbContext();
        var jatim = await db.Set<Institution>().SingleAsync(i => i.Id == "jatim");
        Assert.Equal(("Pemerintah Provinsi Jawa Timur", true, InstitutionOrigin.Dashboard), (jatim.Name, jatim.Disabled, jatim.Origin));
        Assert.Equal(["jatimprov.go.id"], await db.Set<InstitutionHost>().Where(h => h.InstitutionId == "jatim").Select(h => h.Host).ToListAsync());

        // The search finds it by part of its name, and it is shown as disabled.
        var found = await admin.GetStringAsync("/admin/lembaga?q=provinsi%20jawa");
        Assert.Contains("data-institution=\"jatim\" data-state=\"disabled\"", found, StringComparison.Ordinal);
        Assert.DoesNotContain("data-institution=\"kemensos\"", found, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_the_reason_and_changes_nothing()
    {
        var admin = await SignedInAsync("operator@kominfo.go.id", AdminRole.Admin);

        var badId = await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Add", new() { ["id"] = "Jawa Timur!", ["name"] = "X" });
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("hanya boleh huruf kecil", await badId.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var taken = await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Add", new() { ["id"] = "palsu", ["name"] = "Palsu", ["hosts"] = "kemensos.go.id" });
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("sudah milik lembaga lain: kemensos.go.id (kemensos)", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var missing = await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Disable", new() { ["id"] = "tidak-ada", ["disabled"] = "true" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        await using var db = _h.App.CreateDbContext();
        Assert.False(await db.Set<Institution>().AnyAsync(i => i.Id == "palsu"));
    }

    [Fact]
    public async Task Only_national_admins_may_open_or_change_the_institutions()
    {
        var institutionAdmin = await SignedInAsync("admin@kemensos.go.id", AdminRole.Admin, "kemensos");
        var nationalEditor = await SignedInAsync("redaktur@kominfo.go.id", AdminRole.Editor);

        foreach (var client in new[] { institutionAdmin, nationalEditor })
        {
            // Refused as every dashboard page refuses a role: to the "access denied" page.
            var page = await client.GetAsync("/admin/lembaga");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Contains("/admin/ditolak", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var admin = await SignedInAsync("operator@kominfo.go.id", AdminRole.Admin);
        var rename = await AdminHarness.PostFormAsync(institutionAdmin, "/admin/sumber", "/admin/lembaga?handler=Update", new() { ["id"] = "kemensos", ["name"] = "Diambil alih" });
        Assert.Equal(HttpStatusCode.Redirect, rename.StatusCode);
        Assert.Contains("/admin/ditolak", rename.Headers.Location!.OriginalString, StringComparison.Ordinal);
        await using var db = _h.App.CreateDbContext();
        Assert.Equal("Kementerian Sosial", (await db.Set<Institution>().SingleAsync(i => i.Id == "kemensos")).Name);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/lembaga")).StatusCode);
    }

    [Fact]
    public async Task A_national_admin_returns_a_dashboard_edited_institution_to_configuration_audited()
    {
        var admin = await SignedInAsync("operator@kominfo.go.id", AdminRole.Admin);
        await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Update", new() { ["id"] = "kemensos", ["name"] = "Kemensos (dasbor)", ["hosts"] = "" });
        await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Add", new() { ["id"] = "jatim", ["name"] = "Pemprov Jawa Timur" });

        // Only the edited configured institution has the button; one configuration never had does not.
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await admin.GetStringAsync("/admin/lembaga"));
        Assert.NotNull(page.QuerySelector("tr[data-institution=kemensos] button[data-return=kemensos][data-confirm]"));
        Assert.Null(page.QuerySelector("tr[data-institution=setneg] button[data-return]"));
        Assert.Null(page.QuerySelector("tr[data-institution=jatim] button[data-return]"));

        var returned = await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Return", new() { ["id"] = "kemensos" });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Contains("Lembaga kemensos kembali dikelola konfigurasi.", await admin.GetStringAsync("/admin/lembaga"), StringComparison.Ordinal);
        var notConfigured = await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Return", new() { ["id"] = "jatim" });
        Assert.Equal(HttpStatusCode.BadRequest, notConfigured.StatusCode);
        Assert.Contains("tidak ada di konfigurasi", await notConfigured.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var db = _h.App.CreateDbContext();
        var kemensos = await db.Set<Institution>().SingleAsync(i => i.Id == "kemensos");
        Assert.Equal(("Kementerian Sosial", InstitutionOrigin.Configuration), (kemensos.Name, kemensos.Origin));
        Assert.Equal(["kemensos.go.id"], await db.Set<InstitutionHost>().Where(h => h.InstitutionId == "kemensos").Select(h => h.Host).ToListAsync());
        var audit = await _h.App.Services.GetRequiredService<Humas.Bot.Storage.Audit.AuditLog>().ForAsync("institution", "kemensos", default);
        Assert.Equal(["institution.update", "institution.return"], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task Returning_to_configuration_is_for_national_admins_only()
    {
        var admin = await SignedInAsync("operator@kominfo.go.id", AdminRole.Admin);
        await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Update", new() { ["id"] = "kemensos", ["name"] = "Kemensos (dasbor)" });
        var institutionAdmin = await SignedInAsync("admin@kemensos.go.id", AdminRole.Admin, "kemensos");
        var nationalEditor = await SignedInAsync("redaktur@kominfo.go.id", AdminRole.Editor);

        foreach (var client in new[] { institutionAdmin, nationalEditor })
        {
            var forged = await AdminHarness.PostFormAsync(client, "/admin/sumber", "/admin/lembaga?handler=Return", new() { ["id"] = "kemensos" });
            Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
            Assert.Contains("/admin/ditolak", forged.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        await using var db = _h.App.CreateDbContext();
        Assert.Equal(InstitutionOrigin.Dashboard, (await db.Set<Institution>().SingleAsync(i => i.Id == "kemensos")).Origin);
    }

    [Fact]
    public async Task Each_institution_shows_the_accounts_that_serve_it_read_only()
    {
        var accounts = _h.App.Services.GetRequiredService<AdminAccounts>();
        await accounts.AddAsync("redaktur@kemensos.go.id", AdminRole.Editor, AdminHarness.Password, ["kemensos"], default);
        await accounts.AddAsync("kepala@kemensos.go.id", AdminRole.Admin, AdminHarness.Password, ["kemensos", "setneg"], default);
        var admin = await SignedInAsync("operator@kominfo.go.id", AdminRole.Admin);

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await admin.GetStringAsync("/admin/lembaga"));

        string[] Of(string id) => page.QuerySelectorAll($"tr[data-institution={id}] [data-account]").Select(a => a.GetAttribute("data-account")!).ToArray();
        Assert.Equal("2", page.QuerySelector("tr[data-institution=kemensos] [data-field=accounts]")!.GetAttribute("data-count"));
        Assert.Equal(["kepala@kemensos.go.id", "redaktur@kemensos.go.id"], Of("kemensos"));
        Assert.Equal(["kepala@kemensos.go.id"], Of("setneg"));
        // National accounts serve no institution and are listed under none.
        Assert.DoesNotContain(page.QuerySelectorAll("[data-account]"), a => a.GetAttribute("data-account") == "operator@kominfo.go.id");
    }
}
