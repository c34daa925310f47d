using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Institutions;

/// <summary>
/// Institutions seeded from configuration at start, and how that coexists with a national admin's edits in the
/// dashboard: configuration's rows follow configuration, edited rows keep the dashboard's version, nothing is lost.
/// </summary>
public sealed class InstitutionCatalogTests
{
    private static Dictionary<string, string?> Configured(string name, params string[] hosts)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:Name"] = name,
            ["Institutions:1:Id"] = "setneg",
            ["Institutions:1:Name"] = "Kementerian Sekretariat Negara",
            ["Institutions:1:Hosts:0"] = "setneg.go.id",
        };
        for (var i = 0; i < hosts.Length; i++)
        {
            settings[$"Institutions:0:Hosts:{i}"] = hosts[i];
        }

        return settings;
    }

    [Fact]
    public async Task Configuration_seeds_and_updates_its_rows_but_never_overrides_a_dashboard_edit()
    {
        using var database = new TestDatabase();
        await using (var first = await IngestionHarness.StartAsync(database, TimeProvider.System, Configured("Kemensos", "kemensos.go.id")))
        {
            var map = first.Get<InstitutionHostMap>();
            Assert.Equal("kemensos", map.FindByUrl("https://www.kemensos.go.id/berita/1"));
            Assert.Equal("setneg", map.FindByUrl("https://portal.setneg.go.id/berita/1"));
        }

        // The operator renames it in configuration: applied at the next start.
        await using (var second = await IngestionHarness.StartAsync(database, TimeProvider.System, Configured("Kementerian Sosial", "kemensos.go.id", "bansos.kemensos.go.id")))
        {
            await using var db = database.CreateDbContext();
            var row = await db.Set<Institution>().SingleAsync(i => i.Id == "kemensos");
            Assert.Equal(("Kementerian Sosial", InstitutionOrigin.Configuration), (row.Name, row.Origin));

            // A national admin renames it and moves a host in the dashboard.
            await second.Get<InstitutionEditor>().UpdateAsync("kemensos", "Kemensos RI", ["kemensos.go.id", "linjamsos.go.id"], "admin@kominfo.go.id", default);
            Assert.Equal("kemensos", second.Get<InstitutionHostMap>().FindByUrl("https://linjamsos.go.id/a"));
        }

        await using (var third = await IngestionHarness.StartAsync(database, TimeProvider.System, Configured("Kementerian Sosial", "kemensos.go.id")))
        {
            await using var db = database.CreateDbContext();
            var row = await db.Set<Institution>().SingleAsync(i => i.Id == "kemensos");
            Assert.Equal(("Kemensos RI", InstitutionOrigin.Dashboard, "admin@kominfo.go.id"), (row.Name, row.Origin, row.UpdatedBy));
            Assert.Equal(["kemensos.go.id", "linjamsos.go.id"], await db.Set<InstitutionHost>().Where(h => h.InstitutionId == "kemensos").OrderBy(h => h.Host).Select(h => h.Host).ToListAsync());

            // Handed back, configuration applies again, at once.
            await third.Get<InstitutionEditor>().ReturnToConfigurationAsync("kemensos", "admin@kominfo.go.id", default);
            var back = await database.CreateDbContext().Set<Institution>().SingleAsync(i => i.Id == "kemensos");
            Assert.Equal(("Kementerian Sosial", InstitutionOrigin.Configuration), (back.Name, back.Origin));
            Assert.Null(third.Get<InstitutionHostMap>().FindByUrl("https://linjamsos.go.id/a"));
        }
    }

    [Fact]
    public async Task A_host_belongs_to_one_institution_and_bad_input_changes_nothing()
    {
        using var database = new TestDatabase();
        await using var harness = await IngestionHarness.StartAsync(database, TimeProvider.System, Configured("Kementerian Sosial", "kemensos.go.id"));
        var editor = harness.Get<InstitutionEditor>();

        var taken = await Assert.ThrowsAsync<InstitutionException>(() => editor.AddAsync("kemenkes", "Kementerian Kesehatan", ["kemenkes.go.id", "setneg.go.id"], "a@b.go.id", default));
        Assert.Equal("admin.institutions.host_taken", taken.Reason);
        Assert.Equal("admin.institutions.bad_id", (await Assert.ThrowsAsync<InstitutionException>(() => editor.AddAsync("Kemen Kes", "x", [], "a@b.go.id", default))).Reason);
        Assert.Equal("admin.institutions.bad_host", (await Assert.ThrowsAsync<InstitutionException>(() => editor.AddAsync("kemenkes", "x", ["https://kemenkes.go.id/"], "a@b.go.id", default))).Reason);
        Assert.Equal("admin.institutions.exists", (await Assert.ThrowsAsync<InstitutionException>(() => editor.AddAsync("setneg", "x", [], "a@b.go.id", default))).Reason);

        await using var db = database.CreateDbContext();
        Assert.False(await db.Set<Institution>().AnyAsync(i => i.Id == "kemenkes"));
        Assert.Equal("setneg", (await db.Set<InstitutionHost>().SingleAsync(h => h.Host == "setneg.go.id")).InstitutionId);
    }

    [Fact]
    public async Task Hundreds_of_institutions_are_searched_by_part_of_a_name_and_paged_by_name()
    {
        using var database = new TestDatabase();
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < 300; i++)
        {
            settings[$"Institutions:{i}:Id"] = $"inst-{i:D3}";
            settings[$"Institutions:{i}:Name"] = i % 3 == 0 ? $"Dinas Kesehatan {i:D3}" : $"Badan {i:D3}";
        }

        await using var harness = await IngestionHarness.StartAsync(database, TimeProvider.System, settings);
        var directory = harness.Get<InstitutionDirectory>();

        var page = await directory.PageAsync("  KESEHATAN ", 2, 25, includeDisabled: false, default);
        Assert.Equal(100, page.Total);
        Assert.Equal(4, page.PageCount);
        Assert.Equal(25, page.Items.Count);
        Assert.All(page.Items, i => Assert.Contains("Kesehatan", i.Name, StringComparison.Ordinal));
        Assert.True(string.CompareOrdinal(page.Items[0].Name, page.Items[^1].Name) < 0);

        // Past the end is the last page; a search with a wildcard character is plain text.
        Assert.Equal(3, (await directory.PageAsync("kesehatan", 99, 25, includeDisabled: false, default)).Page);
        Assert.Equal(0, (await directory.PageAsync("%", 0, 25, includeDisabled: false, default)).Total);
        Assert.Equal("inst-003", (await directory.FindAsync("DINAS KESEHATAN 003", includeDisabled: false, default))?.Id);
    }
}
