using Humas.Bot.Tests.Support;
using Humas.Bot.Tests.Support.Browser;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Humas.Bot.Tests.Channels.Web;

/// <summary>
/// The chat page under its own Content-Security-Policy, and the widget on a ministry page whose policy forbids
/// inline styles, in headless Chromium: everything works and the browser reports no violation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebSecurityBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task The_chat_works_under_its_policy_without_a_violation()
    {
        await using var pictures = await LoopbackServer.StartAsync(app => app.MapGet("/foto.svg", () => Microsoft.AspNetCore.Http.Results.Content(
            """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect width="120" height="80" fill="#0b5cad"/></svg>""",
            "image/svg+xml")));
        await using var host = await WebBrowserHost.StartAsync();
        var page = await chromium.NewPageAsync(host.Service.BaseAddress);
        var csp = await CspViolations.RecordAsync(page);

        var response = await page.GotoAsync("chat");
        Assert.Contains("script-src 'self'", await response!.HeaderValueAsync("content-security-policy") ?? "");
        await Assertions.Expect(page.Locator("body[data-ready='1']")).ToHaveCountAsync(1);
        // Its stylesheet applies ('self').
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("max-width", "736px");
        var log = page.GetByRole(AriaRole.Log);

        // A typed message, a command button and a menu button (the chat's API, one origin with the page).
        var input = page.GetByLabel("Tulis pesan atau perintah (mis. /bantuan)");
        await input.FillAsync("/bantuan");
        await input.PressAsync("Enter");
        await Assertions.Expect(log.Locator("li.msg.bot").Last).ToContainTextAsync("/langganan");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Button, new() { Name = "Langganan", Exact = true }).ClickAsync();
        await log.GetByRole(AriaRole.Button, new() { Name = "Semua berita", Exact = true }).ClickAsync();
        await Assertions.Expect(log.Locator("li.msg").Last).ToContainTextAsync("Anda berlangganan semua berita.");

        // An article arrives over the live stream, its picture from the ministry's site (another origin).
        var article = await host.PublishAsync("Bansos Tahap Empat Disalurkan", imageUrl: pictures.Url("foto.svg").ToString());
        var card = log.Locator($"li[data-article='{article}']");
        await Assertions.Expect(card.Locator(".reactions button")).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        await card.Locator("img").EvaluateAsync("img => img.decode()");
        Assert.True(await card.Locator("img").EvaluateAsync<int>("img => img.naturalWidth") > 0, "the picture did not load");

        // A reaction press.
        var liked = card.Locator("button[data-option='1']");
        await liked.ClickAsync();
        await Assertions.Expect(liked).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(liked.Locator(".count")).ToHaveTextAsync("1");
        Assert.Equal(new[] { 1, 0, 0, 0, 0 }, await host.CountsAsync(article));

        // An upload (no tip open, so the chat answers that it was not kept).
        await page.GetByLabel("Lampirkan berkas ke usulan").SetInputFilesAsync(new FilePayload
        {
            Name = "jembatan.jpg",
            MimeType = "image/jpeg",
            Buffer = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46],
        });
        await Assertions.Expect(log.Locator("li.msg.visitor").Last).ToContainTextAsync("jembatan.jpg");

        await csp.ExpectNoneAsync();
    }

    [Fact]
    public async Task The_widget_is_styled_on_a_page_whose_policy_forbids_inline_styles()
    {
        await using var host = await WebBrowserHost.StartAsync();
        var article = await host.PublishAsync("Rakor Kontributor Berita");
        var service = host.Service.BaseAddress.GetLeftPart(UriPartial.Authority);
        // A government site's strict policy: the service's origin listed for the script, its stylesheet and its API
        // (docs/WEB.md), inline styles not allowed.
        var head = $"""<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src {service}; style-src 'self' {service}; connect-src {service}; img-src 'self'">""";
        var page = await chromium.NewPageAsync();
        var csp = await CspViolations.RecordAsync(page);

        await page.GotoAsync(host.PageFor(article, head: head).ToString());
        var widget = page.Locator(".humas-rx");
        await Assertions.Expect(widget.GetByRole(AriaRole.Button)).ToHaveCountAsync(5);
        await Assertions.Expect(widget).ToHaveCSSAsync("border-top-left-radius", "8px", new() { Timeout = 30_000 });
        await Assertions.Expect(widget).ToHaveCSSAsync("border-top-style", "solid");

        var useful = widget.Locator("button[data-option='2']");
        await useful.ClickAsync();
        await Assertions.Expect(useful).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(widget.GetByRole(AriaRole.Status)).ToContainTextAsync("1 tanggapan");
        await Assertions.Expect(useful).ToHaveCSSAsync("background-color", "rgb(11, 92, 173)");

        // Live counts over the event stream.
        var reactions = host.Service.Services.GetRequiredService<Humas.Bot.Feedback.IReactionService>();
        await reactions.VoteAsync(article, "telegram:501", 1, default);
        await Assertions.Expect(widget.Locator("button[data-option='1'] .humas-rx-count")).ToHaveTextAsync("1", new() { Timeout = 30_000 });

        await csp.ExpectNoneAsync();
        await Screenshots.SaveAsync(page, "web-widget-strict-host-policy");
    }
}
