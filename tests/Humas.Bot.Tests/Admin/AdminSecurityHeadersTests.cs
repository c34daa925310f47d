using System.Net;
using AngleSharp.Html.Parser;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Tips.Model;
using static Humas.Bot.Tests.Support.SecurityHeaderAssertions;

namespace Humas.Bot.Tests.Admin;

/// <summary>
/// The dashboard's security headers over HTTP: every page a strict policy of its own origin only, may not be
/// framed, sends no referrer out; every other dashboard answer (assets, the live stream, CSV, attachments, the
/// language switch) a policy under which it runs nothing. In the browser: AdminBrowserTests.
/// </summary>
public sealed class AdminSecurityHeadersTests : IDisposable
{
    private readonly string _storage = Directory.CreateTempSubdirectory("humas-tips-").FullName;
    private readonly AdminHarness _h;

    public AdminSecurityHeadersTests() => _h = new AdminHarness(new() { ["Tips:StoragePath"] = _storage });

    public void Dispose()
    {
        _h.Dispose();
        Directory.Delete(_storage, recursive: true);
    }

    [Fact]
    public async Task Every_page_sends_a_strict_policy_of_its_own_origin_and_may_not_be_framed()
    {
        var signIn = await _h.Client().GetAsync("/admin/masuk");
        var client = await _h.SignedInAsync("admin@kominfo.go.id", AdminRole.Admin);
        var (articleId, tipId, _) = await SeedAsync();

        string[] pages =
        [
            "/admin", "/admin/artikel", "/admin/artikel?q=Sinergi", $"/admin/artikel/{articleId}", "/admin/usulan", $"/admin/usulan/{tipId}",
            "/admin/laporan", "/admin/laporan/evaluasi?institution=kominfo&month=2026-11", "/admin/kontributor", "/admin/sumber",
            "/admin/pelanggan", "/admin/kanal", "/admin/gangguan", "/admin/pengguna", "/admin/lembaga",
        ];
        var responses = new Dictionary<string, HttpResponseMessage> { ["/admin/masuk"] = signIn };
        foreach (var page in pages)
        {
            responses[page] = await client.GetAsync(page);
        }

        var parser = new HtmlParser();
        foreach (var (page, response) in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {(int)response.StatusCode}");
            Assert.True(response.Headers.Contains("Content-Security-Policy"), $"{page} has no Content-Security-Policy");
            var policy = Policy(response);
            Assert.Equal(["'none'"], policy["default-src"]);
            Assert.Equal(["'self'"], policy["script-src"]);
            Assert.Equal(["'self'"], policy["style-src"]);
            Assert.Equal(["'self'"], policy["img-src"]);
            Assert.Equal(["'self'"], policy["connect-src"]);
            Assert.Equal(["'self'"], policy["form-action"]);
            Assert.Equal(["'none'"], policy["base-uri"]);
            Assert.Equal(["'none'"], policy["frame-ancestors"]);
            Assert.Equal(8, policy.Count);
            Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Single(response, "X-Frame-Options"));
            Assert.Equal("same-origin", Single(response, "Referrer-Policy"));

            // What the policy rests on: nothing inline, nothing from another origin.
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(@"<script(?![^>]*\ssrc=)", html);
            Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(@"\son[a-z]+=", html);
            var doc = parser.ParseDocument(html);
            var loaded = doc.QuerySelectorAll("script[src]").Select(e => e.GetAttribute("src"))
                .Concat(doc.QuerySelectorAll("link[href]").Select(e => e.GetAttribute("href")))
                .Concat(doc.QuerySelectorAll("img[src]").Select(e => e.GetAttribute("src")))
                .ToList();
            Assert.Contains("/admin/assets/admin.js", loaded);
            Assert.All(loaded, src => Assert.Matches("^/admin/[^/]", src!));
        }

        // The tip page's photo is among them.
        Assert.Contains("<img src=\"/admin/usulan/", await responses[$"/admin/usulan/{tipId}"].Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_other_dashboard_answer_allows_nothing_if_opened_as_a_document()
    {
        var client = await _h.SignedInAsync("admin@kominfo.go.id", AdminRole.Admin);
        var (articleId, tipId, photo) = await SeedAsync();
        using var stream = new HttpRequestMessage(HttpMethod.Get, $"/admin/live/progress?ids={articleId}");

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["admin.css"] = await client.GetAsync("/admin/assets/admin.css"),
            ["admin.js"] = await client.GetAsync("/admin/assets/admin.js"),
            ["an unknown asset"] = await client.GetAsync("/admin/assets/tidak-ada.js"),
            ["the live progress stream"] = await client.SendAsync(stream, HttpCompletionOption.ResponseHeadersRead),
            ["the live progress stream without ids"] = await client.GetAsync("/admin/live/progress?ids=nonsense"),
            ["a CSV"] = await client.GetAsync("/admin/ekspor/pelanggan.csv"),
            ["a photo"] = await client.GetAsync($"/admin/usulan/{tipId}/lampiran/{photo}"),
            ["the language switch"] = await client.GetAsync("/admin/bahasa/en?returnUrl=%2Fadmin"),
        };

        Assert.Equal(HttpStatusCode.OK, responses["admin.js"].StatusCode);
        Assert.Equal("text/event-stream", responses["the live progress stream"].Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/jpeg", responses["a photo"].Content.Headers.ContentType?.MediaType);
        foreach (var (name, response) in responses)
        {
            AssertResourceHeaders(response, name);
            Assert.False(response.Headers.Contains("X-Frame-Options"), name);
        }

        responses["the live progress stream"].Dispose();
    }

    /// <summary>An article and a tip with a stored photo: every page has something to show.</summary>
    private async Task<(Guid Article, long Tip, long Photo)> SeedAsync()
    {
        await using var db = _h.App.CreateDbContext();
        var article = await AdminSeed.ArticleAsync(db, "kominfo", "Sinergi Pengelolaan Komunikasi Publik", "Kehumasan");
        var tip = await AdminSeed.TipAsync(db);
        Directory.CreateDirectory(Path.Combine(_storage, tip.Ticket));
        await File.WriteAllBytesAsync(Path.Combine(_storage, tip.Ticket, "foto.jpg"), [0xFF, 0xD8, 0xFF, 0xE0]);
        var photo = new TipAttachmentRecord
        {
            TipId = tip.Id, Kind = "photo", ChannelFileId = "f1", MediaType = "image/jpeg", State = TipAttachmentState.Stored, StoredPath = $"{tip.Ticket}/foto.jpg",
        };
        db.Add(photo);
        await db.SaveChangesAsync();
        return (article.Id, tip.Id, photo.Id);
    }
}
