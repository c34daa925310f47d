using System.Text.RegularExpressions;
using Humas.Bot.Tests.Support.Browser;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Humas.Bot.Tests.Channels.Web;

/// <summary>The web chat in headless Chromium against the live service.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ChatBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task A_visitor_subscribes_receives_an_article_live_votes_and_sends_a_tip_with_a_file()
    {
        await using var host = await WebBrowserHost.StartAsync();
        var page = await chromium.NewPageAsync(host.Service.BaseAddress);
        await page.GotoAsync("chat");
        await Assertions.Expect(page.Locator("body[data-ready='1']")).ToHaveCountAsync(1);
        var log = page.GetByRole(AriaRole.Log);

        // Subscribe with the command button, then the menu's "all news".
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Button, new() { Name = "Langganan", Exact = true }).ClickAsync();
        await log.GetByRole(AriaRole.Button, new() { Name = "Semua berita", Exact = true }).ClickAsync();
        await Assertions.Expect(log.Locator("li.msg").Last).ToContainTextAsync("Anda berlangganan semua berita.");

        // Published through the API while the page is open: it arrives over server-sent events.
        var article = await host.PublishAsync("Bansos Tahap Empat Disalurkan");
        var card = log.Locator($"li[data-article='{article}']");
        await Assertions.Expect(card.GetByRole(AriaRole.Link, new() { Name = "Bansos Tahap Empat Disalurkan", Exact = true })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var reactions = card.GetByRole(AriaRole.Group, new() { Name = "Bagaimana pendapat anda mengenai artikel ini?", Exact = true });
        await Assertions.Expect(reactions.GetByRole(AriaRole.Button)).ToHaveCountAsync(5);
        await Screenshots.SaveAsync(page, "web-chat-article-arrived");

        await reactions.GetByRole(AriaRole.Button, new() { Name = "Suka, 0", Exact = true }).ClickAsync();
        await Assertions.Expect(reactions.Locator("button[data-option='1']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(reactions.Locator("button[data-option='1'] .count")).ToHaveTextAsync("1");
        Assert.Equal(new[] { 1, 0, 0, 0, 0 }, await host.CountsAsync(article));

        // A tip: the command, the story, a photo, Selesai, Lewati, Kirim -> a ticket number.
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Button, new() { Name = "Kirim usulan", Exact = true }).ClickAsync();
        var input = page.GetByLabel("Tulis pesan atau perintah (mis. /bantuan)");
        await input.FillAsync("Jembatan di Desa Sukamaju putus diterjang banjir pagi ini.");
        await input.PressAsync("Enter");
        await Assertions.Expect(log.Locator("li.msg.visitor").Last).ToContainTextAsync("Jembatan di Desa Sukamaju");
        await page.GetByLabel("Lampirkan berkas ke usulan").SetInputFilesAsync(new FilePayload
        {
            Name = "jembatan.jpg",
            MimeType = "image/jpeg",
            Buffer = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46],
        });
        await Assertions.Expect(log.Locator("li.msg.visitor").Last).ToContainTextAsync("jembatan.jpg");
        await log.Locator("li.msg").Last.GetByRole(AriaRole.Button, new() { Name = "Selesai", Exact = true }).ClickAsync();
        await log.Locator("li.msg").Last.GetByRole(AriaRole.Button, new() { Name = "Lewati", Exact = true }).ClickAsync();
        await log.Locator("li.msg").Last.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        await Assertions.Expect(log.Locator("li.msg").Last).ToContainTextAsync(Ticket());

        await using var db = host.Service.Factory.CreateDbContext();
        var tip = await db.Set<Tip>().SingleAsync();
        await Assertions.Expect(log.Locator("li.msg").Last).ToContainTextAsync(tip.Ticket);
        Assert.Equal("web", tip.Channel);
        Assert.Equal("jembatan.jpg", (await db.Set<TipAttachmentRecord>().SingleAsync()).OriginalName);
        await Screenshots.SaveAsync(page, "web-chat-tip-ticket");

        // Reopened, the page shows the stored conversation again, the article with this browser's vote.
        await page.ReloadAsync();
        await Assertions.Expect(log.Locator($"li[data-article='{article}'] button[data-option='1']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(log.Locator("li.msg").Last).ToContainTextAsync(tip.Ticket);
    }

    [Fact]
    public async Task The_chat_is_usable_from_the_keyboard_and_every_control_is_labelled()
    {
        await using var host = await WebBrowserHost.StartAsync();
        var page = await chromium.NewPageAsync(host.Service.BaseAddress);
        await page.GotoAsync("chat");
        await Assertions.Expect(page.Locator("body[data-ready='1']")).ToHaveCountAsync(1);

        await Assertions.Expect(page.GetByLabel("Tulis pesan atau perintah (mis. /bantuan)")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Lampirkan berkas ke usulan")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Log, new() { Name = "Percakapan", Exact = true })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Perintah", Exact = true }).GetByRole(AriaRole.Button)).ToHaveCountAsync(7);

        // Tab order: the language link, then the seven command buttons; Enter on "Bantuan" runs /bantuan.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true })).ToBeFocusedAsync();
        for (var i = 0; i < 7; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Bantuan", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Log).Locator("li.msg").Last).ToContainTextAsync("/langganan");

        // Then to the text field, type a command and send it with Enter.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Tulis pesan atau perintah (mis. /bantuan)")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("/terbaru");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Log).Locator("li.msg.visitor").Last).ToHaveTextAsync(new Regex("/terbaru"));
        await Screenshots.SaveAsync(page, "web-chat-keyboard");

        // The English page.
        await page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Write a message or a command (e.g. /help)")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Subscribe", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_press_held_while_the_stream_resends_the_article_is_still_a_vote()
    {
        // Another reader's vote refreshes the article's counts: the stream sends the message again and the page
        // redraws it. Chromium fires no click when the element a press went down on is no longer in the page when
        // it comes up, so a redraw that replaced the message between mouse-down and mouse-up lost the vote.
        await using var host = await WebBrowserHost.StartAsync(settings: new Dictionary<string, string?> { ["Reactions:RefreshSeconds"] = "1" });
        var (page, reactions, article) = await ArticleInChatAsync(host);
        var useful = reactions.Locator("button[data-option='2']");
        await HoldAsync(page, useful);

        var votes = host.Service.Services.GetRequiredService<Humas.Bot.Feedback.IReactionService>();
        await votes.VoteAsync(article, "telegram:501", 1, default);
        await Assertions.Expect(reactions.Locator("button[data-option='1'] .count")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await page.Mouse.UpAsync();

        await Assertions.Expect(useful).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(useful.Locator(".count")).ToHaveTextAsync("1");
        await Assertions.Expect(useful).ToHaveAttributeAsync("aria-label", "Bermanfaat, 1");
        Assert.Equal(new[] { 1, 1, 0, 0, 0 }, await host.CountsAsync(article));
    }

    [Fact]
    public async Task A_press_held_while_the_answer_to_an_earlier_vote_is_drawn_is_still_a_vote()
    {
        // The answer to a vote redraws the article's buttons; a press on another option held across it must count.
        // The first vote's answer is held back until that press is down.
        await using var host = await WebBrowserHost.StartAsync();
        var (page, reactions, article) = await ArticleInChatAsync(host);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = 0;
        await page.RouteAsync("**/chat/api/react**", async route =>
        {
            if (Interlocked.Increment(ref first) == 1)
            {
                await answer.Task;
            }

            await route.ContinueAsync();
        });

        await reactions.Locator("button[data-option='1']").ClickAsync();
        var useful = reactions.Locator("button[data-option='2']");
        await HoldAsync(page, useful);
        answer.SetResult();
        await Assertions.Expect(reactions.Locator("button[data-option='1']")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.Mouse.UpAsync();

        // The held press switches the vote.
        await Assertions.Expect(useful).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(useful.Locator(".count")).ToHaveTextAsync("1");
        await Assertions.Expect(reactions.Locator("button[data-option='1']")).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(reactions.Locator("button[data-option='1'] .count")).ToHaveTextAsync("0");
        Assert.Equal(new[] { 0, 1, 0, 0, 0 }, await host.CountsAsync(article));
    }

    /// <summary>A subscribed visitor's chat with one article delivered live: the page, its reaction buttons and the article.</summary>
    private async Task<(IPage Page, ILocator Reactions, Guid Article)> ArticleInChatAsync(WebBrowserHost host)
    {
        var page = await chromium.NewPageAsync(host.Service.BaseAddress);
        await page.GotoAsync("chat");
        await Assertions.Expect(page.Locator("body[data-ready='1']")).ToHaveCountAsync(1);
        var log = page.GetByRole(AriaRole.Log);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Button, new() { Name = "Langganan", Exact = true }).ClickAsync();
        await log.GetByRole(AriaRole.Button, new() { Name = "Semua berita", Exact = true }).ClickAsync();
        await Assertions.Expect(log.Locator("li.msg").Last).ToContainTextAsync("Anda berlangganan semua berita.");
        var article = await host.PublishAsync("Rakor Kontributor Berita");
        var reactions = log.Locator($"li[data-article='{article}'] .reactions");
        await Assertions.Expect(reactions.GetByRole(AriaRole.Button)).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        return (page, reactions, article);
    }

    /// <summary>The mouse down on the button's label, held there.</summary>
    private static async Task HoldAsync(IPage page, ILocator button)
    {
        // Mid-page, clear of the composer that stays at the bottom of the window.
        await button.EvaluateAsync("b => b.scrollIntoView({ block: 'center' })");
        var label = (await button.Locator("span").Nth(1).BoundingBoxAsync())!;
        var (x, y) = (label.X + label.Width / 2, label.Y + label.Height / 2);
        Assert.True(await button.EvaluateAsync<bool>(FormattableString.Invariant($"b => b.contains(document.elementFromPoint({x}, {y}))")));
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
    }

    [GeneratedRegex(@"USL-\d{6}-\d{4}")]
    private static partial Regex Ticket();
}
