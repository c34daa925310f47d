using System.Net;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Alerts;
using Humas.Bot.Tests.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Alerts;

/// <summary>The dashboard's incidents page: open ones and recently resolved ones, each account seeing its own institutions' only.</summary>
public sealed class IncidentsPageTests : IDisposable
{
    // Alerts off: the host's own monitor would resolve the incidents this test writes (no source, disk or broadcast
    // behind them) if its round fell between the insert and the page read, as it did on a busy machine.
    private readonly AdminHarness _h = new(new() { ["Alerts:Enabled"] = "false" });

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task An_institutions_editor_sees_its_own_incidents_and_a_national_account_sees_every_one()
    {
        var now = DateTime.UtcNow;
        await using (var db = _h.App.CreateDbContext())
        {
            db.AddRange(
                new Incident { Key = "source:kemensos-rss", Kind = IncidentKind.SourceFailing, InstitutionId = "kemensos", Summary = "Berita Kemensos (kemensos-rss): HTTP 500", OpenedAt = now.AddHours(-3), LastSeenAt = now },
                new Incident { Key = "source:setneg-rss", Kind = IncidentKind.SourceFailing, InstitutionId = "setneg", Summary = "Berita Setneg (setneg-rss): HTTP 503", OpenedAt = now.AddHours(-2), LastSeenAt = now },
                new Incident { Key = "disk", Kind = IncidentKind.DiskLow, Summary = "/data: 12 MB free, below 1024 MB", OpenedAt = now.AddHours(-1), LastSeenAt = now },
                new Incident { Key = "source:kemensos-old", Kind = IncidentKind.SourceFailing, InstitutionId = "kemensos", Summary = "Arsip Kemensos pulih", OpenedAt = now.AddDays(-2), LastSeenAt = now.AddDays(-1), ResolvedAt = now.AddDays(-1) },
                new Incident { Key = "source:kemensos-ancient", Kind = IncidentKind.SourceFailing, InstitutionId = "kemensos", Summary = "Sudah lama sekali", OpenedAt = now.AddDays(-30), LastSeenAt = now.AddDays(-20), ResolvedAt = now.AddDays(-20) });
            await db.SaveChangesAsync();
        }

        var editor = await SignedInAsync("redaktur@kemensos.go.id", AdminRole.Editor, "kemensos");
        var page = await editor.GetAsync("/admin/gangguan");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Berita Kemensos (kemensos-rss): HTTP 500", html, StringComparison.Ordinal);
        Assert.Contains("Arsip Kemensos pulih", html, StringComparison.Ordinal);
        Assert.DoesNotContain("setneg-rss", html, StringComparison.Ordinal);
        Assert.DoesNotContain("12 MB free", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Sudah lama sekali", html, StringComparison.Ordinal);
        Assert.Contains("Terbuka (1)", html, StringComparison.Ordinal);

        var national = await SignedInAsync("operator@kominfo.go.id", AdminRole.Admin);
        var all = await national.GetStringAsync("/admin/gangguan");
        Assert.Contains("Terbuka (3)", all, StringComparison.Ordinal);
        Assert.Contains("setneg-rss", all, StringComparison.Ordinal);
        Assert.Contains("12 MB free", all, StringComparison.Ordinal);
        Assert.Contains("nasional (operator)", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_incidents_page_needs_a_signed_in_account()
    {
        var response = await _h.Client().GetAsync("/admin/gangguan");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/admin/masuk", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private Task<HttpClient> SignedInAsync(string email, AdminRole role, params string[] institutions) =>
        _h.SignedInAsync(email, role, institutions);
}
