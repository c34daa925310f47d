using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Feedback;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tests.Support.Browser;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Humas.Bot.Tests.Admin;

/// <summary>The dashboard in headless Chromium against the real host on a real socket; screenshots in artifacts/screenshots.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminBrowserTests(ChromiumFixture chromium)
{
    private const string ApiKey = "browser-cms-key";

    /// <summary>A 1x1 PNG.</summary>
    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    private static async Task<LiveServer> ServerAsync(Dictionary<string, string?>? settings = null)
    {
        var server = new LiveServer(settings);
        await AdminBrowser.AddEditorAsync(server);
        return server;
    }

    /// <summary>Signed in, the page's Content-Security-Policy violations recorded from its first document on.</summary>
    private async Task<(IPage Page, CspViolations Csp)> SignInAsync(LiveServer server)
    {
        var page = await chromium.NewPageAsync(server.BaseAddress);
        var csp = await CspViolations.RecordAsync(page);
        return (await AdminBrowser.SignInAsync(page), csp);
    }

    [Fact]
    public async Task An_editor_signs_in_and_sees_the_overview()
    {
        using var server = await ServerAsync();
        var page = await chromium.NewPageAsync(server.BaseAddress);
        var signInCsp = await CspViolations.RecordAsync(page);
        var response = await page.GotoAsync("admin/masuk");
        Assert.Contains("script-src 'self'", await response!.HeaderValueAsync("content-security-policy") ?? "");
        await page.GetByLabel("Alamat email").FillAsync(AdminBrowser.Editor);
        await page.GetByLabel("Kata sandi").FillAsync("salah-salah-salah");
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();
        Assert.Contains("Email atau kata sandi salah", await page.Locator("#signin-error").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "admin-signin-failed");

        (page, var csp) = await SignInAsync(server);

        Assert.Equal("Ringkasan hari ini", await page.Locator("h1").InnerTextAsync());
        Assert.Contains(AdminBrowser.Editor, await page.Locator("header").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        Assert.Equal("Today at a glance", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        await Screenshots.SaveAsync(page, "admin-overview");
        await signInCsp.ExpectNoneAsync();
        await csp.ExpectNoneAsync();
    }

    [Fact]
    public async Task A_published_articles_progress_bar_reaches_100_percent_as_the_fake_Telegram_accepts_every_send()
    {
        await using var telegram = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Strict = true });
        using var server = await ServerAsync(new()
        {
            ["Telegram:Token"] = telegram.Token, ["Telegram:ApiBaseUrl"] = telegram.BaseUrl, ["Publishing:ApiKeys:0"] = ApiKey,
        });
        const int readers = 40;
        await using (var db = server.Factory.CreateDbContext())
        {
            for (var i = 0; i < readers; i++)
            {
                var chat = new Conversation { Channel = "telegram", ExternalId = (5000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Kind = ConversationKind.Private, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
                db.Add(chat);
                await db.SaveChangesAsync();
                db.Add(new Subscription { ConversationId = chat.Id, Target = SubscriptionTarget.All, CreatedAt = DateTime.UtcNow });
            }

            await db.SaveChangesAsync();
        }

        var (page, csp) = await SignInAsync(server);
        using var api = server.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var published = await api.PostAsJsonAsync("/api/articles", new
        {
            institution = "kominfo", title = "Sinergi Pengelolaan Komunikasi Publik", url = "https://www.kominfo.go.id/berita/sinergi-komunikasi-publik",
            summary = "Rapat koordinasi kehumasan pemerintah.",
        });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var id = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        await page.GotoAsync($"admin/artikel/{id}");
        var bar = page.Locator($"#progress-{id}");
        await page.WaitForFunctionAsync($"() => document.querySelector('#progress-{id}').value === 100", null, new() { Timeout = 60_000 });

        Assert.Equal("100", await bar.GetAttributeAsync("value") ?? (await bar.EvaluateAsync<int>("b => b.value")).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"({readers}/{readers})", await page.Locator($"[data-progress-article='{id}'] .percent").InnerTextAsync(), StringComparison.Ordinal);
        await page.WaitForFunctionAsync($"() => document.querySelector('[data-progress-numbers=\"{id}\"] [data-field=sent]').textContent === '{readers}'");
        Assert.Equal(readers, telegram.RequestsFor("sendMessage").Count(r => r.Succeeded && r.Text?.Contains("Sinergi", StringComparison.Ordinal) == true));
        await Screenshots.SaveAsync(page, "admin-article-progress-100");
        // The live stream (connect-src 'self') and admin.js ran under the policy.
        await csp.ExpectNoneAsync();
    }

    [Fact]
    public async Task The_reactions_CSV_downloads_with_the_counts_the_chart_shows()
    {
        using var server = await ServerAsync();
        Guid articleId;
        await using (var db = server.Factory.CreateDbContext())
        {
            articleId = (await AdminSeed.ArticleAsync(db, "kominfo", "Sinergi Pengelolaan Komunikasi Publik", "Kehumasan")).Id;
        }

        var reactions = server.Services.GetRequiredService<IReactionService>();
        await reactions.VoteAsync(articleId, "telegram:1", 1, default);
        await reactions.VoteAsync(articleId, "telegram:2", 1, default);
        await reactions.VoteAsync(articleId, "web:3", 3, default);
        var (page, csp) = await SignInAsync(server);

        await page.GotoAsync($"admin/artikel/{articleId}");
        Assert.Equal("2", await page.Locator("#reaction-chart li[data-option-id='1'] .count").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Laporan" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#csv-institutions").ClickAsync());
        var path = await download.PathAsync();
        var lines = (await File.ReadAllTextAsync(path!)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("reactions-by-institution_", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal(["Group,Option1,Option2,Option3,Option4,Option5,Total", "kominfo,2,0,1,0,0,3"], lines);
        await Screenshots.SaveAsync(page, "admin-reports");
        await csp.ExpectNoneAsync();
    }

    [Fact]
    public async Task The_keyboard_alone_reaches_the_content_and_accepts_a_tip()
    {
        var storage = Directory.CreateTempSubdirectory("humas-tips-").FullName;
        using var server = await ServerAsync(new() { ["Tips:StoragePath"] = storage });
        long tipId;
        await using (var db = server.Factory.CreateDbContext())
        {
            var tip = await AdminSeed.TipAsync(db);
            tipId = tip.Id;
            // A photo the tip page shows (img-src 'self').
            Directory.CreateDirectory(Path.Combine(storage, tip.Ticket));
            await File.WriteAllBytesAsync(Path.Combine(storage, tip.Ticket, "foto.png"), Convert.FromBase64String(OnePixelPng));
            db.Add(new TipAttachmentRecord
            {
                TipId = tipId, Kind = "photo", ChannelFileId = "f1", MediaType = "image/png", State = TipAttachmentState.Stored, StoredPath = $"{tip.Ticket}/foto.png",
            });
            await db.SaveChangesAsync();
        }

        var (page, csp) = await SignInAsync(server);
        await page.GotoAsync("admin/usulan");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.activeElement.className"));
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // From the main landmark, Tab goes through the state filter to the tip's ticket link.
        var ticket = page.Locator($"#tip-queue tr[data-tip-id='{tipId}'] a");
        for (var i = 0; i < 10 && !await ticket.EvaluateAsync<bool>("a => a === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await AdminBrowser.DashboardAtAsync(page, $"/admin/usulan/{tipId}");
        await page.GetByLabel("Catatan untuk pengirim (boleh kosong)").FocusAsync();
        await page.Keyboard.TypeAsync("Akan diliput besok.");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("tip-accept", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#flash");

        Assert.Equal("Accepted", await page.Locator("#tip-state").GetAttributeAsync("data-state"));
        var photo = page.Locator("img.preview");
        await photo.ScrollIntoViewIfNeededAsync();
        await photo.EvaluateAsync("img => img.decode()");
        Assert.Equal(1, await photo.EvaluateAsync<int>("img => img.naturalWidth"));
        Assert.Contains(AdminBrowser.Editor, await page.Locator("#tip-trail").InnerTextAsync(), StringComparison.Ordinal);
        await using var check = server.Factory.CreateDbContext();
        Assert.Equal(TipState.Accepted, (await check.Set<Tip>().SingleAsync()).State);
        await Screenshots.SaveAsync(page, "admin-tip-accepted");
        await csp.ExpectNoneAsync();
    }
}
