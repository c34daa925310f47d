using Humas.Bot.Tests.Support;
using Humas.Bot.Tests.Support.Browser;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Humas.Bot.Tests.Channels.Web;

/// <summary>
/// Where the web chat's window is when a message arrives: the page scrolls as a whole and the composer stays at the
/// bottom of the window, over whatever is behind it. A reader at the end must see a new article's reaction buttons
/// above the composer, pressable at once; a reader who scrolled up to read is left where they are.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatLayoutBrowserTests(ChromiumFixture chromium)
{
    private static readonly ViewportSize Phone = new() { Width = 360, Height = 640 };

    // Every reaction button wholly inside the window and, at its centre and just inside its top and bottom edges,
    // the topmost element: not under the composer, not below the fold.
    private const string Pressable = """
        card => [...card.querySelectorAll('.reactions button')].every(b => {
          const r = b.getBoundingClientRect(), x = r.left + r.width / 2;
          const top = y => b.contains(document.elementFromPoint(x, y));
          return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth
            && top(r.top + 2) && top(r.top + r.height / 2) && top(r.bottom - 2);
        })
        """;

    [Theory]
    [InlineData(360, 640)]
    [InlineData(1280, 900)]
    public async Task A_new_article_s_reaction_buttons_can_be_pressed_without_scrolling(int width, int height)
    {
        await using var host = await WebBrowserHost.StartAsync();
        var page = await OpenLongChatAsync(host, new ViewportSize { Width = width, Height = height });
        var scrolled = await ScrollYAsync(page);

        var article = await host.PublishAsync("Bansos Tahap Empat Disalurkan");
        var card = page.GetByRole(AriaRole.Log).Locator($"li[data-article='{article}']");
        await Assertions.Expect(card.Locator(".reactions button")).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        await ExpectPressableAsync(page, card);
        await Screenshots.SaveAsync(page, $"web-chat-article-at-{width}x{height}", fullPage: false);
        // Only a page taller than the window can hide the buttons behind the composer, so only then does this test prove anything.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollHeight > innerHeight"), "the chat fits the window");
        Assert.True(await ScrollYAsync(page) > scrolled, "the window did not follow the new article");

        // Pressed where it is, with the mouse, not through a locator's click (which scrolls the button into view first).
        var useful = card.Locator("button[data-option='2']");
        var box = (await useful.BoundingBoxAsync())!;
        var before = await ScrollYAsync(page);
        await page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await Assertions.Expect(useful).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(useful).ToHaveAttributeAsync("aria-label", "Bermanfaat, 1");
        Assert.Equal(new[] { 0, 1, 0, 0, 0 }, await host.CountsAsync(article));
        Assert.Equal(before, await ScrollYAsync(page));
    }

    [Fact]
    public async Task A_reader_scrolled_up_to_older_messages_stays_there_when_an_article_arrives()
    {
        await using var host = await WebBrowserHost.StartAsync();
        var page = await OpenLongChatAsync(host, Phone);
        var log = page.GetByRole(AriaRole.Log);

        // The reader scrolls back up to the help text with the mouse wheel.
        var help = log.Locator("li.msg.bot").Filter(new() { HasText = "/langganan" }).First;
        await page.Mouse.MoveAsync(Phone.Width / 2, Phone.Height / 3);
        await page.Mouse.WheelAsync(0, -100_000);
        await page.WaitForFunctionAsync("() => scrollY === 0");
        var reading = (await help.BoundingBoxAsync())!.Y;

        var article = await host.PublishAsync("Bansos Tahap Empat Disalurkan");
        await Assertions.Expect(log.Locator($"li[data-article='{article}'] .reactions button")).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        await FramesAsync(page);
        Assert.Equal(0, await ScrollYAsync(page));
        Assert.Equal(reading, (await help.BoundingBoxAsync())!.Y);

        // Back at the end, the next article is followed again.
        await page.Mouse.WheelAsync(0, 100_000);
        await page.WaitForFunctionAsync("() => Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight");
        var next = await host.PublishAsync("Rakor Kontributor Berita");
        var card = log.Locator($"li[data-article='{next}']");
        await Assertions.Expect(card.Locator(".reactions button")).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        await ExpectPressableAsync(page, card);
    }

    [Fact]
    public async Task An_article_whose_picture_loads_after_it_is_shown_keeps_its_buttons_in_sight()
    {
        // The picture is held back until the card is on the page: it then takes its height under a window that
        // had already followed the card without it.
        var picture = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pictures = await LoopbackServer.StartAsync(app => app.MapGet("/foto.svg", async () =>
        {
            await picture.Task;
            return Microsoft.AspNetCore.Http.Results.Content(
                """<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><rect width="1200" height="800" fill="#0b5cad"/></svg>""",
                "image/svg+xml");
        }));
        await using var host = await WebBrowserHost.StartAsync();
        var page = await OpenLongChatAsync(host, Phone);

        var article = await host.PublishAsync("Bansos Tahap Empat Disalurkan", imageUrl: pictures.Url("foto.svg").ToString());
        var card = page.GetByRole(AriaRole.Log).Locator($"li[data-article='{article}']");
        await Assertions.Expect(card.Locator(".reactions button")).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        await ExpectPressableAsync(page, card);

        picture.SetResult();
        await card.Locator("img").EvaluateAsync("img => img.decode()");
        Assert.True(await card.Locator("img").EvaluateAsync<double>("img => img.getBoundingClientRect().height") > 100, "the picture took no height");
        await ExpectPressableAsync(page, card);
        await Screenshots.SaveAsync(page, "web-chat-article-picture-at-360x640", fullPage: false);
    }

    [Fact]
    public async Task A_control_in_the_log_reached_with_Tab_is_not_hidden_behind_the_composer()
    {
        await using var host = await WebBrowserHost.StartAsync();
        var page = await OpenLongChatAsync(host, Phone);
        var article = await host.PublishAsync("Bansos Tahap Empat Disalurkan");
        await Assertions.Expect(page.Locator($"li[data-article='{article}'] .reactions button")).ToHaveCountAsync(5, new() { Timeout = 30_000 });

        // From the top of the page through every link and button of the log, as a keyboard user reads it.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).FocusAsync();
        var reached = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            await FramesAsync(page);
            var focused = await page.EvaluateAsync<string?>("""
                () => {
                  const e = document.activeElement;
                  if (!e || !document.getElementById('log').contains(e)) return null;
                  // A link's first line: a link wrapped over two lines has a box wider than its words.
                  const r = e.getClientRects()[0], x = r.left + r.width / 2, y = r.top + r.height / 2;
                  const hit = document.elementFromPoint(x, y);
                  return (e.getAttribute('aria-label') || e.textContent.trim()) + (e.contains(hit) ? '' : ' (under ' + (hit ? hit.tagName : 'nothing') + ' at ' + Math.round(y) + ')');
                }
                """);
            if (focused is null)
            {
                if (reached.Count > 0)
                {
                    break;
                }

                continue;
            }

            reached.Add(focused);
        }

        var all = string.Join("; ", reached);
        Assert.False(reached.Any(r => r.Contains("(under", StringComparison.Ordinal)), "Tab moved the focus behind the composer: " + all);
        Assert.True(reached.Contains("Tidak suka, 0"), "Tab did not reach the last reaction button: " + all);
    }

    /// <summary>A subscribed visitor's chat with the help text and the subscription in it: longer than a phone's window.</summary>
    private async Task<IPage> OpenLongChatAsync(WebBrowserHost host, ViewportSize viewport)
    {
        var page = await chromium.NewPageAsync(host.Service.BaseAddress, viewport: viewport);
        await page.GotoAsync("chat");
        await Assertions.Expect(page.Locator("body[data-ready='1']")).ToHaveCountAsync(1);
        var log = page.GetByRole(AriaRole.Log);
        var commands = page.GetByRole(AriaRole.Navigation);
        await commands.GetByRole(AriaRole.Button, new() { Name = "Bantuan", Exact = true }).ClickAsync();
        await Assertions.Expect(log.Locator("li.msg.bot").Last).ToContainTextAsync("/langganan");
        await commands.GetByRole(AriaRole.Button, new() { Name = "Langganan", Exact = true }).ClickAsync();
        await log.GetByRole(AriaRole.Button, new() { Name = "Semua berita", Exact = true }).ClickAsync();
        await Assertions.Expect(log.Locator("li.msg").Last).ToContainTextAsync("Anda berlangganan semua berita.");
        return page;
    }

    /// <summary>Waits for every reaction button of <paramref name="card"/> to be pressable where it is; says where they are if not.</summary>
    private static async Task ExpectPressableAsync(IPage page, ILocator card)
    {
        var handle = await card.ElementHandleAsync();
        try
        {
            await page.WaitForFunctionAsync(Pressable, handle, new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            var where = await card.EvaluateAsync<string>("""
                card => {
                  const composer = document.getElementById('composer').getBoundingClientRect();
                  const buttons = [...card.querySelectorAll('.reactions button')].map(b => {
                    const r = b.getBoundingClientRect(), hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                    return `${b.getAttribute('aria-label')}: ${Math.round(r.top)}..${Math.round(r.bottom)}, on top: ${hit ? hit.tagName + '#' + hit.id + '.' + hit.className : 'nothing'}`;
                  });
                  return `window ${innerWidth}x${innerHeight} at ${scrollY} of ${document.documentElement.scrollHeight}; composer ${Math.round(composer.top)}..${Math.round(composer.bottom)}; ${buttons.join('; ')}`;
                }
                """);
            Assert.Fail("The reaction buttons cannot be pressed without scrolling: " + where);
        }
    }

    private static Task<double> ScrollYAsync(IPage page) => page.EvaluateAsync<double>("() => scrollY");

    /// <summary>Two frames drawn: whatever the page does when a message's size settles has been done.</summary>
    private static Task FramesAsync(IPage page) =>
        page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
}
