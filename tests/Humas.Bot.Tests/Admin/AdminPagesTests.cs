using System.Net;
using AngleSharp.Html.Parser;
using Humas.Bot.Admin.Accounts;

namespace Humas.Bot.Tests.Admin;

/// <summary>Every page renders for an admin, in both languages, with a label for every control and headed tables.</summary>
public sealed class AdminPagesTests : IDisposable
{
    private readonly AdminHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData("id", "Ringkasan hari ini")]
    [InlineData("en", "Today at a glance")]
    public async Task Every_page_renders_accessibly_in_the_chosen_language(string language, string overviewHeading)
    {
        var client = await _h.SignedInAsync("admin@kominfo.go.id", AdminRole.Admin);
        Guid articleId;
        long tipId;
        await using (var db = _h.App.CreateDbContext())
        {
            articleId = (await AdminSeed.ArticleAsync(db, "kominfo", "Sinergi Pengelolaan Komunikasi Publik", "Kehumasan")).Id;
            tipId = (await AdminSeed.TipAsync(db)).Id;
        }

        var switched = await client.GetAsync($"/admin/bahasa/{language}?returnUrl=%2Fadmin");
        Assert.Equal("/admin", switched.Headers.Location!.OriginalString);
        Assert.Contains(overviewHeading, await client.GetStringAsync("/admin"), StringComparison.Ordinal);

        string[] pages =
        [
            "/admin", "/admin/artikel", "/admin/artikel?q=Sinergi", $"/admin/artikel/{articleId}", "/admin/usulan", "/admin/usulan?state=New",
            $"/admin/usulan/{tipId}", "/admin/laporan", "/admin/laporan/evaluasi?institution=kominfo&month=2026-11", "/admin/kontributor",
            "/admin/sumber", "/admin/pelanggan", "/admin/pengguna",
        ];
        var parser = new HtmlParser();
        foreach (var page in pages)
        {
            var response = await client.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {(int)response.StatusCode}");
            var doc = parser.ParseDocument(await response.Content.ReadAsStringAsync());
            Assert.Equal(language, doc.DocumentElement.GetAttribute("lang"));
            Assert.NotNull(doc.QuerySelector("a.skip-link[href='#main']"));
            Assert.NotNull(doc.QuerySelector("main#main"));
            Assert.Single(doc.QuerySelectorAll("h1"));
            foreach (var control in doc.QuerySelectorAll("input:not([type=hidden]), select, textarea"))
            {
                var id = control.Id;
                var labelled = control.HasAttribute("aria-label") || (id is { Length: > 0 } && doc.QuerySelector($"label[for='{id}']") is not null);
                Assert.True(labelled, $"{page}: a {control.LocalName} named '{control.GetAttribute("name")}' has no label");
            }

            foreach (var table in doc.QuerySelectorAll("table.data"))
            {
                Assert.True(table.QuerySelector("thead th[scope=col]") is not null || table.QuerySelector("th[scope=row]") is not null, $"{page}: a table without header cells");
            }
        }
    }

    [Fact]
    public async Task The_article_chart_shows_the_five_counts_as_text_with_stable_option_ids()
    {
        var client = await _h.SignedInAsync("admin@kominfo.go.id", AdminRole.Admin);
        Guid articleId;
        await using (var db = _h.App.CreateDbContext())
        {
            articleId = (await AdminSeed.ArticleAsync(db, "kominfo", "Sinergi")).Id;
        }

        var reactions = _h.App.Services.GetRequiredService<Humas.Bot.Feedback.IReactionService>();
        await reactions.VoteAsync(articleId, "telegram:1", 2, default);
        await reactions.VoteAsync(articleId, "telegram:2", 2, default);
        await reactions.VoteAsync(articleId, "web:3", 5, default);

        var doc = new HtmlParser().ParseDocument(await client.GetStringAsync($"/admin/artikel/{articleId}"));

        var chart = doc.QuerySelector("#reaction-chart")!;
        Assert.Equal("3", chart.GetAttribute("data-total"));
        var counts = chart.QuerySelectorAll("li[data-option-id]").ToDictionary(li => li.GetAttribute("data-option-id")!, li => li.QuerySelector(".count")!.TextContent);
        Assert.Equal(new Dictionary<string, string> { ["1"] = "0", ["2"] = "2", ["3"] = "0", ["4"] = "0", ["5"] = "1" }, counts);
        Assert.Equal("2", chart.QuerySelector("svg g[data-option-id='2']")!.GetAttribute("data-count"));
        Assert.Equal("img", chart.QuerySelector("svg")!.GetAttribute("role"));
    }

    [Fact]
    public async Task Assets_are_served_by_the_app_and_unknown_ones_are_404()
    {
        var client = _h.Client();
        var css = await client.GetAsync("/admin/assets/admin.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Contains(":focus-visible", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/assets/admin.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/assets/nope.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/assets/admin.exe")).StatusCode);
    }
}
