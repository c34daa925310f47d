using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Humas.Bot.Tests.Admin;
using Humas.Bot.Tests.Channels.Web;
using Humas.Bot.Tests.Support.Browser;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Humas.Bot.Tests.EndToEnd;

/// <summary>
/// The reader-facing pages and the editors' dashboard on one live service, in one browser: what a reader does on
/// the ministry page or in the web chat is what the editor sees and acts on.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class WebPartsTogetherBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task A_vote_in_the_website_widget_changes_the_count_on_the_dashboard_chart()
    {
        await using var host = await WebBrowserHost.StartAsync();
        await AdminBrowser.AddEditorAsync(host.Service);
        var article = await host.PublishAsync("Rakor Kontributor Berita Daerah");
        var dashboard = await AdminBrowser.SignInAsync(chromium, host.Service);
        await dashboard.GotoAsync($"admin/artikel/{article}");
        var useful = dashboard.Locator("#reaction-chart li[data-option-id='2'] .count");
        await Assertions.Expect(useful).ToHaveTextAsync("0");

        var ministryPage = await chromium.NewPageAsync();
        var widgetCalls = WidgetCalls(ministryPage);
        await ministryPage.GotoAsync(host.PageFor(article).ToString());
        await ministryPage.Locator(".humas-rx button[data-option='2']").ClickAsync();
        try
        {
            await Assertions.Expect(ministryPage.Locator(".humas-rx button[data-option='2']")).ToHaveAttributeAsync("aria-pressed", "true");
            // The button shows the press at once; the status line only once the service has counted the vote (a
            // fresh visitor id may first wait out a Retry-After), and the dashboard is read after that.
            await Assertions.Expect(ministryPage.Locator(".humas-rx [role=status]")).ToContainTextAsync("1 tanggapan", new() { Timeout = 30_000 });
        }
        catch (PlaywrightException e)
        {
            // Whether the press was lost (no vote sent), refused or answered, as the widget and the service saw it.
            var status = await ministryPage.EvaluateAsync<string?>("() => document.querySelector('.humas-rx [role=status]')?.textContent ?? null");
            Assert.Fail($"The widget did not show the vote. Its status line: \"{status}\". Its calls: {string.Join("; ", widgetCalls)}.\n{e.Message}");
        }

        await dashboard.ReloadAsync();
        await Assertions.Expect(useful).ToHaveTextAsync("1");
        await Assertions.Expect(dashboard.Locator("#reaction-chart")).ToHaveAttributeAsync("data-total", "1");
        await Screenshots.SaveAsync(dashboard, "together-widget-vote-on-dashboard");
    }

    [Fact]
    public async Task A_tip_sent_from_the_web_chat_is_accepted_in_the_queue_and_the_visitor_is_told_in_the_chat()
    {
        await using var host = await WebBrowserHost.StartAsync();
        await AdminBrowser.AddEditorAsync(host.Service);
        var chat = await chromium.NewPageAsync(host.Service.BaseAddress);
        await chat.GotoAsync("chat");
        await Assertions.Expect(chat.Locator("body[data-ready='1']")).ToHaveCountAsync(1);
        var log = chat.GetByRole(AriaRole.Log);

        await chat.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Button, new() { Name = "Kirim usulan", Exact = true }).ClickAsync();
        var input = chat.GetByLabel("Tulis pesan atau perintah (mis. /bantuan)");
        await input.FillAsync("Posyandu Melati membuka layanan imunisasi gratis setiap Sabtu.");
        await input.PressAsync("Enter");
        await Assertions.Expect(log.Locator("li.msg.visitor").Last).ToContainTextAsync("Posyandu Melati");
        await log.Locator("li.msg").Last.GetByRole(AriaRole.Button, new() { Name = "Selesai", Exact = true }).ClickAsync();
        await log.Locator("li.msg").Last.GetByRole(AriaRole.Button, new() { Name = "Lewati", Exact = true }).ClickAsync();
        await log.Locator("li.msg").Last.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        await Assertions.Expect(log.Locator("li.msg").Last).ToContainTextAsync(Ticket());
        string ticket;
        await using (var db = host.Service.Factory.CreateDbContext())
        {
            ticket = (await db.Set<Tip>().SingleAsync()).Ticket;
        }

        var dashboard = await AdminBrowser.SignInAsync(chromium, host.Service);
        await dashboard.GotoAsync("admin/usulan");
        var row = dashboard.Locator($"#tip-queue tr[data-ticket='{ticket}']");
        await Assertions.Expect(row).ToContainTextAsync("Posyandu Melati");
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await dashboard.GetByLabel("Catatan untuk pengirim (boleh kosong)").FillAsync("Terima kasih, akan kami liput.");
        await dashboard.Locator("#tip-accept").ClickAsync();
        await Assertions.Expect(dashboard.Locator("#tip-state")).ToHaveAttributeAsync("data-state", "Accepted");
        await Screenshots.SaveAsync(dashboard, "together-web-tip-accepted");

        // The decision travels back to the visitor's open chat over the event stream.
        await Assertions.Expect(log.Locator("li.msg").Last).ToContainTextAsync($"Usulan {ticket} Anda diterima redaksi", new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(chat, "together-web-tip-accepted-in-chat");
    }

    /// <summary>
    /// The page's calls to the service's API as they are sent and answered ("POST /api/visitors sent", "POST
    /// /api/visitors 201"), or why they failed: a call sent and never answered shows as sent only.
    /// </summary>
    private static ConcurrentQueue<string> WidgetCalls(IPage page)
    {
        var calls = new ConcurrentQueue<string>();
        page.Request += (_, r) =>
        {
            if (r.Url.Contains("/api/", StringComparison.Ordinal))
            {
                calls.Enqueue($"{r.Method} {new Uri(r.Url).AbsolutePath} sent");
            }
        };
        page.Response += (_, r) =>
        {
            if (r.Url.Contains("/api/", StringComparison.Ordinal))
            {
                calls.Enqueue($"{r.Request.Method} {new Uri(r.Url).AbsolutePath} {r.Status}");
            }
        };
        page.RequestFailed += (_, r) =>
        {
            if (r.Url.Contains("/api/", StringComparison.Ordinal))
            {
                calls.Enqueue($"{r.Method} {new Uri(r.Url).AbsolutePath} failed: {r.Failure}");
            }
        };
        return calls;
    }

    [GeneratedRegex(@"USL-\d{6}-\d{4}")]
    private static partial Regex Ticket();
}
