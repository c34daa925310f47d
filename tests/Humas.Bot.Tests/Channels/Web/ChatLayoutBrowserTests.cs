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

    [Theory]
    [InlineData(360, 640, "Enter")]
    [InlineData(1280, 900, "Space")]
    public async Task A_reader_scrolled_up_is_pointed_to_a_new_message_and_taken_there_from_the_keyboard(int width, int height, string key)
    {
        await using var host = await WebBrowserHost.StartAsync();
        var page = await OpenLongerChatAsync(host, new ViewportSize { Width = width, Height = height });
        var log = page.GetByRole(AriaRole.Log);
        var pointer = NewMessagesPointer(page);
        await ScrollToTopAsync(page);
        await Assertions.Expect(pointer).ToBeHiddenAsync();

        var article = await host.PublishAsync("Bansos Tahap Empat Disalurkan");
        var card = log.Locator($"li[data-article='{article}']");
        await Assertions.Expect(card.Locator(".reactions button")).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        await Assertions.Expect(pointer).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(pointer).ToHaveAccessibleNameAsync("Pesan baru (1)");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Ada pesan baru di bawah." })).ToHaveCountAsync(1);
        Assert.Equal(0, await ScrollYAsync(page));
        var covers = await pointer.EvaluateAsync<string>("""
            p => {
              const r = p.getBoundingClientRect(), hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              if (r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth) return 'outside the window';
              if (!p.contains(hit)) return 'under ' + (hit ? hit.tagName : 'nothing');
              const others = [...document.querySelectorAll('#composer input, #composer label, #send, .reactions button, .msg .buttons button')];
              const over = others.filter(o => { const q = o.getBoundingClientRect();
                return q.width > 0 && q.left < r.right && r.left < q.right && q.top < r.bottom && r.top < q.bottom; });
              return over.map(o => o.id || o.getAttribute('aria-label') || o.textContent.trim()).join(', ');
            }
            """);
        Assert.Equal("", covers);
        await Screenshots.SaveAsync(page, $"web-chat-new-messages-pointer-at-{width}x{height}", fullPage: false);

        await pointer.FocusAsync();
        await page.Keyboard.PressAsync(key);
        await Assertions.Expect(pointer).ToBeHiddenAsync();
        await Assertions.Expect(card).ToBeFocusedAsync();
        await ExpectPressableAsync(page, card);
        await Assertions.Expect(page.Locator("#newer-said")).ToHaveTextAsync("");
    }

    [Fact]
    public async Task The_new_messages_pointer_counts_them_and_goes_away_when_the_reader_scrolls_to_the_end()
    {
        await using var host = await WebBrowserHost.StartAsync();
        var page = await OpenLongerChatAsync(host, Phone);
        var log = page.GetByRole(AriaRole.Log);
        var pointer = NewMessagesPointer(page);
        await ScrollToTopAsync(page);

        foreach (var (title, count) in new[] { ("Bansos Tahap Empat Disalurkan", 1), ("Rakor Kontributor Berita", 2) })
        {
            var article = await host.PublishAsync(title);
            await Assertions.Expect(log.Locator($"li[data-article='{article}'] .reactions button")).ToHaveCountAsync(5, new() { Timeout = 30_000 });
            await Assertions.Expect(pointer).ToHaveAccessibleNameAsync($"Pesan baru ({count})", new() { Timeout = 15_000 });
        }

        Assert.Equal(0, await ScrollYAsync(page));
        await page.Mouse.MoveAsync(Phone.Width / 2, Phone.Height / 3);
        await page.Mouse.WheelAsync(0, 100_000);
        await Assertions.Expect(pointer).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#newer-said")).ToHaveTextAsync("");
        await page.WaitForFunctionAsync("() => Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight");
    }

    [Theory]
    [InlineData(360, 640)]
    [InlineData(1280, 900)]
    public async Task The_new_messages_pointer_never_shows_for_a_reader_at_the_end_nor_for_the_answer_to_their_own_press(int width, int height)
    {
        await using var host = await WebBrowserHost.StartAsync();
        var page = await OpenLongerChatAsync(host, new ViewportSize { Width = width, Height = height });
        var log = page.GetByRole(AriaRole.Log);
        // Every time the pointer is shown, however briefly: an assertion after the fact could miss a flash.
        await page.EvaluateAsync("""
            () => {
              const p = document.getElementById('newer');
              window.pointerShown = 0;
              new MutationObserver(() => { if (!p.hidden) window.pointerShown++; }).observe(p, { attributes: true, attributeFilter: ['hidden'] });
            }
            """);

        var article = await host.PublishAsync("Bansos Tahap Empat Disalurkan");
        var card = log.Locator($"li[data-article='{article}']");
        await Assertions.Expect(card.Locator(".reactions button")).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        await ExpectPressableAsync(page, card);

        // Scrolled up, the reader asks for the help again. Its answer is held until the event stream has drawn the
        // reply below the reader, which the answer then brings into sight.
        await ScrollToTopAsync(page);
        var before = await log.Locator("li.msg").CountAsync();
        var drawn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(url => url.Contains("/chat/api/send", StringComparison.Ordinal), async route =>
        {
            var response = await route.FetchAsync();
            await drawn.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await route.FulfillAsync(new() { Response = response });
        });
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Button, new() { Name = "Bantuan", Exact = true }).ClickAsync();
        await Assertions.Expect(log.Locator("li.msg")).ToHaveCountAsync(before + 2, new() { Timeout = 30_000 });
        await Assertions.Expect(log.Locator("li.msg").Last).ToContainTextAsync("/langganan");
        Assert.Equal(0, await ScrollYAsync(page));
        drawn.SetResult();

        await page.WaitForFunctionAsync("() => Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight");
        await FramesAsync(page);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.pointerShown"));
        await Assertions.Expect(NewMessagesPointer(page)).ToBeHiddenAsync();
    }

    private static ILocator NewMessagesPointer(IPage page) =>
        page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Pesan baru") });

    private static async Task ScrollToTopAsync(IPage page)
    {
        await page.Mouse.MoveAsync(100, 200);
        await page.Mouse.WheelAsync(0, -100_000);
        await page.WaitForFunctionAsync("() => scrollY === 0");
    }

    /// <summary>The long chat with the help asked for again until it is twice as tall as the window, at any window's size.</summary>
    private async Task<IPage> OpenLongerChatAsync(WebBrowserHost host, ViewportSize viewport)
    {
        var page = await OpenLongChatAsync(host, viewport);
        var log = page.GetByRole(AriaRole.Log);
        var help = page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Button, new() { Name = "Bantuan", Exact = true });
        for (var i = 0; i < 10 && await page.EvaluateAsync<bool>("() => document.documentElement.scrollHeight < 2 * innerHeight"); i++)
        {
            var count = await log.Locator("li.msg").CountAsync();
            await help.ClickAsync();
            await Assertions.Expect(log.Locator("li.msg")).Not.ToHaveCountAsync(count);
            await Assertions.Expect(log.Locator("li.msg").Last).ToContainTextAsync("/langganan");
            await Assertions.Expect(page.Locator("body[data-waiting]")).ToHaveCountAsync(0);
        }

        // The answers took the window back to the end.
        await page.WaitForFunctionAsync("() => Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight");

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollHeight >= 2 * innerHeight"), "the chat stayed short");
        return page;
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
        // The stream may draw the reply before the answer arrives, which then takes the window to the end: a test that
        // scrolls up must not be moved back by it.
        await Assertions.Expect(page.Locator("body[data-waiting]")).ToHaveCountAsync(0);
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
