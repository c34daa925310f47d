using Humas.Bot.Tests.Support.Browser;
using Microsoft.Playwright;

namespace Humas.Bot.Tests.Channels.Web;

/// <summary>The widget on a ministry page of another origin, in headless Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WidgetBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task A_reader_votes_on_the_ministry_page_and_sees_the_count_the_API_reports()
    {
        await using var host = await WebBrowserHost.StartAsync();
        var article = await host.PublishAsync("Rakor Kontributor Berita");
        var page = await chromium.NewPageAsync();

        await page.GotoAsync(host.PageFor(article).ToString());
        var widget = page.Locator(".humas-rx");
        await Assertions.Expect(widget.GetByRole(AriaRole.Heading, new() { Name = "Bagaimana pendapat anda mengenai artikel ini?", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(widget.GetByRole(AriaRole.Button)).ToHaveCountAsync(5);
        var useful = widget.GetByRole(AriaRole.Button, new() { Name = "Bermanfaat, 0", Exact = true });
        await Assertions.Expect(useful).ToHaveAttributeAsync("aria-pressed", "false");
        await Screenshots.SaveAsync(page, "web-widget-before-vote");

        await useful.ClickAsync();

        var chosen = widget.Locator("button[data-option='2']");
        await Assertions.Expect(chosen).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(chosen.Locator(".humas-rx-count")).ToHaveTextAsync("1");
        await Assertions.Expect(widget.GetByRole(AriaRole.Status)).ToContainTextAsync("1 tanggapan");
        Assert.Equal(new[] { 0, 1, 0, 0, 0 }, await host.CountsAsync(article));
        await Screenshots.SaveAsync(page, "web-widget-after-vote");

        // A reload shows the same count and remembers this browser's choice.
        await page.ReloadAsync();
        await Assertions.Expect(widget.Locator("button[data-option='2']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(widget.Locator("button[data-option='2'] .humas-rx-count")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task The_widget_works_from_the_keyboard_with_labelled_buttons()
    {
        await using var host = await WebBrowserHost.StartAsync();
        var article = await host.PublishAsync("Keyboard");
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(host.PageFor(article).ToString());
        var widget = page.Locator(".humas-rx");
        await Assertions.Expect(widget.GetByRole(AriaRole.Button)).ToHaveCountAsync(5);
        foreach (var name in new[] { "Suka, 0", "Bermanfaat, 0", "Biasa saja, 0", "Khawatir, 0", "Tidak suka, 0" })
        {
            await Assertions.Expect(widget.GetByRole(AriaRole.Button, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        }

        // Tab from the top of the page reaches the options in order; Enter and Space choose.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(widget.Locator("button[data-option='1']")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(widget.Locator("button[data-option='4']")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(widget.Locator("button[data-option='4']")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(widget.Locator("button[data-option='3']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(widget.Locator("button[data-option='4']")).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(widget.GetByRole(AriaRole.Status)).ToContainTextAsync("Biasa saja");
        Assert.Equal(new[] { 0, 0, 1, 0, 0 }, await host.CountsAsync(article));

        // Pressing the chosen option again withdraws it.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(widget.Locator("button[data-option='3']")).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(widget.Locator("button[data-option='3'] .humas-rx-count")).ToHaveTextAsync("0");
        Assert.Equal(new[] { 0, 0, 0, 0, 0 }, await host.CountsAsync(article));

        // And once more chooses it again: the withdrawal is remembered as no choice, not as the option withdrawn.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(widget.Locator("button[data-option='3']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(widget.Locator("button[data-option='3'] .humas-rx-count")).ToHaveTextAsync("1");
        Assert.Equal(new[] { 0, 0, 1, 0, 0 }, await host.CountsAsync(article));
        await Screenshots.SaveAsync(page, "web-widget-keyboard");
    }

    [Fact]
    public async Task A_page_embeds_the_widget_by_its_own_address_and_sees_votes_cast_elsewhere_live()
    {
        await using var host = await WebBrowserHost.StartAsync();
        var articleUrl = host.MinistryPage.Url("berita/rakor-kontributor").ToString();
        var article = await host.PublishAsync("Rakor Kontributor Berita", articleUrl);
        host.PageByUrl("");
        var page = await chromium.NewPageAsync();

        // Opened from a shared link: tracking parameters and a fragment, still the same article.
        await page.GotoAsync(articleUrl + "?utm_source=whatsapp#komentar");
        var widget = page.Locator(".humas-rx");
        await Assertions.Expect(widget.GetByRole(AriaRole.Button)).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator($"[data-humas-article-id='{article}']")).ToHaveCountAsync(1);
        await Assertions.Expect(widget.Locator("button[data-option='1'] .humas-rx-count")).ToHaveTextAsync("0");

        // Readers on Telegram and Teams vote; the open page follows without a reload.
        var reactions = host.Service.Services.GetRequiredService<Humas.Bot.Feedback.IReactionService>();
        await reactions.VoteAsync(article, "telegram:501", 1, default);
        await reactions.VoteAsync(article, "teams:29:abc", 1, default);
        await Assertions.Expect(widget.Locator("button[data-option='1'] .humas-rx-count")).ToHaveTextAsync("2", new() { Timeout = 30_000 });
        await Assertions.Expect(widget.Locator("button[data-option='1']")).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(widget).ToHaveAttributeAsync("data-total", "2");
        await Screenshots.SaveAsync(page, "web-widget-by-url-live");
    }

    [Fact]
    public async Task A_listing_page_of_eight_articles_follows_them_all_live_over_one_stream()
    {
        // Over HTTP/1.1 a browser opens about six connections per origin: a stream per block left the seventh and
        // eighth block without live counts, and the readers' votes queued behind the streams.
        await using var host = await WebBrowserHost.StartAsync();
        var articles = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            articles.Add(await host.PublishAsync("Berita " + i));
        }

        var page = await chromium.NewPageAsync();
        var streams = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/events", StringComparison.Ordinal))
            {
                lock (streams)
                {
                    streams.Add(request.Url);
                }
            }
        };
        await page.GotoAsync(host.ListingFor(articles).ToString());
        await Assertions.Expect(page.Locator(".humas-rx")).ToHaveCountAsync(8);
        await Assertions.Expect(page.Locator(".humas-rx button")).ToHaveCountAsync(40);

        // Every block follows its own article's votes, cast elsewhere (Telegram, say).
        var reactions = host.Service.Services.GetRequiredService<Humas.Bot.Feedback.IReactionService>();
        for (var i = 0; i < articles.Count; i++)
        {
            await reactions.VoteAsync(articles[i], "telegram:" + i, i % 5 + 1, default);
        }

        for (var i = 0; i < articles.Count; i++)
        {
            var block = page.Locator($"[data-humas-article-id='{articles[i]}'] .humas-rx");
            await Assertions.Expect(block.Locator($"button[data-option='{i % 5 + 1}'] .humas-rx-count")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
            await Assertions.Expect(block).ToHaveAttributeAsync("data-total", "1");
        }

        lock (streams)
        {
            var stream = Assert.Single(streams);
            Assert.Contains("/api/reactions/events?ids=", stream, StringComparison.Ordinal);
            Assert.All(articles, a => Assert.Contains(a.ToString(), stream, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Blocks_added_after_load_are_mounted_and_followed_over_one_new_stream_and_removed_ones_drop_out()
    {
        // Ministries' listing pages load more articles as they are scrolled; the script ran once, before them.
        await using var host = await WebBrowserHost.StartAsync();
        var shown = new List<Guid>();
        var later = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            shown.Add(await host.PublishAsync("Berita " + i));
            later.Add(await host.PublishAsync("Berita lanjutan " + i));
        }

        var reactions = host.Service.Services.GetRequiredService<Humas.Bot.Feedback.IReactionService>();
        await reactions.VoteAsync(later[0], "telegram:before", 4, default);

        var page = await chromium.NewPageAsync();
        var streams = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/events", StringComparison.Ordinal))
            {
                lock (streams)
                {
                    streams.Add(request.Url);
                }
            }
        };
        bool IsStream(IRequest r) => r.Url.Contains("/api/reactions/events", StringComparison.Ordinal);
        var firstStream = page.WaitForRequestAsync(IsStream);
        await page.GotoAsync(host.ListingFor(shown).ToString());
        await Assertions.Expect(page.Locator(".humas-rx")).ToHaveCountAsync(3);
        await firstStream;

        // The next page of articles, inserted at once, each block inside its own article element.
        var reopened = page.WaitForRequestAsync(IsStream);
        await page.EvaluateAsync(
            """
            ids => {
              const more = document.createElement("div");
              more.innerHTML = ids.map(id => `<article><h2>Berita ${id}</h2><div data-humas-article="${id}"></div></article>`).join("");
              document.querySelector("main").appendChild(more);
            }
            """,
            later.Select(a => a.ToString()).ToArray());
        await Assertions.Expect(page.Locator(".humas-rx")).ToHaveCountAsync(6);
        var laterBlock = page.Locator($"[data-humas-article-id='{later[0]}'] .humas-rx");
        await Assertions.Expect(laterBlock.Locator("button[data-option='4'] .humas-rx-count")).ToHaveTextAsync("1");
        var reopen = (await reopened).Url;
        Assert.All(shown.Concat(later), a => Assert.Contains(a.ToString(), reopen, StringComparison.Ordinal));

        // Followed live: votes cast elsewhere reach the added blocks.
        for (var i = 0; i < later.Count; i++)
        {
            await reactions.VoteAsync(later[i], "telegram:" + i, 2, default);
        }

        for (var i = 0; i < later.Count; i++)
        {
            var block = page.Locator($"[data-humas-article-id='{later[i]}'] .humas-rx");
            await Assertions.Expect(block.Locator("button[data-option='2'] .humas-rx-count")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        }

        lock (streams)
        {
            // One stream at load and one reopen for the three blocks together, not one per block.
            Assert.Equal(2, streams.Count);
        }

        // A block taken off the page: its article leaves the next stream's set.
        var narrowed = page.WaitForRequestAsync(IsStream);
        await page.EvaluateAsync("id => document.querySelector(`[data-humas-article='${id}']`).closest('article').remove()", shown[1].ToString());
        var narrow = (await narrowed).Url;
        Assert.DoesNotContain(shown[1].ToString(), narrow, StringComparison.Ordinal);
        Assert.All(shown.Where(a => a != shown[1]).Concat(later), a => Assert.Contains(a.ToString(), narrow, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_press_held_while_a_live_update_redraws_the_counts_is_still_a_vote()
    {
        // A live update (the stream's first event, another reader's vote) redraws every button's counts. Chromium
        // fires no click when the element the press went down on is no longer in the page when it comes up, so a
        // redraw that replaced the buttons' insides between a reader's mouse-down and mouse-up lost the vote
        // without a word (CI: WebPartsTogetherBrowserTests' click, right after the widget appeared, now and then).
        await using var host = await WebBrowserHost.StartAsync();
        var article = await host.PublishAsync("Rakor Kontributor Berita");
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(host.PageFor(article).ToString());
        var widget = page.Locator(".humas-rx");
        await Assertions.Expect(widget.GetByRole(AriaRole.Button)).ToHaveCountAsync(5);
        var useful = widget.Locator("button[data-option='2']");
        var label = (await useful.Locator("span").Nth(1).BoundingBoxAsync())!;

        await page.Mouse.MoveAsync(label.X + label.Width / 2, label.Y + label.Height / 2);
        await page.Mouse.DownAsync();
        var reactions = host.Service.Services.GetRequiredService<Humas.Bot.Feedback.IReactionService>();
        await reactions.VoteAsync(article, "telegram:501", 1, default);
        await Assertions.Expect(widget.Locator("button[data-option='1'] .humas-rx-count")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await page.Mouse.UpAsync();

        await Assertions.Expect(useful).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(useful.Locator(".humas-rx-count")).ToHaveTextAsync("1");
        Assert.Equal(new[] { 1, 1, 0, 0, 0 }, await host.CountsAsync(article));
    }

    [Fact]
    public async Task A_reader_who_changes_their_mind_while_the_first_vote_is_on_its_way_ends_with_the_second()
    {
        // The first vote is held on its way until the reader has pressed another option: the last press wins, on
        // the server and on the buttons.
        await using var host = await WebBrowserHost.StartAsync();
        var article = await host.PublishAsync("Rakor Kontributor Berita");
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(host.PageFor(article).ToString());
        var widget = page.Locator(".humas-rx");
        await Assertions.Expect(widget.GetByRole(AriaRole.Button)).ToHaveCountAsync(5);
        var (votes, held, release) = await HoldFirstVoteAsync(page);

        await widget.Locator("button[data-option='1']").ClickAsync();
        await held.WaitAsync(TimeSpan.FromSeconds(60)); // the first vote reached the route that holds it
        var useful = widget.Locator("button[data-option='2']");
        await useful.ClickAsync();
        await Assertions.Expect(useful).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(widget.Locator("button[data-option='1']")).ToHaveAttributeAsync("aria-pressed", "false");
        release.SetResult();

        await Assertions.Expect(widget.GetByRole(AriaRole.Status)).ToContainTextAsync("Pilihan anda: Bermanfaat");
        await Assertions.Expect(useful).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(useful.Locator(".humas-rx-count")).ToHaveTextAsync("1");
        await Assertions.Expect(widget.Locator("button[data-option='1']")).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(widget.Locator("button[data-option='1'] .humas-rx-count")).ToHaveTextAsync("0");
        Assert.Equal(new[] { 0, 1, 0, 0, 0 }, await host.CountsAsync(article));
        Assert.Equal(new[] { "POST 1", "POST 2" }, votes);
    }

    [Fact]
    public async Task Pressing_the_option_again_while_its_vote_is_on_its_way_withdraws_it()
    {
        await using var host = await WebBrowserHost.StartAsync();
        var article = await host.PublishAsync("Rakor Kontributor Berita");
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(host.PageFor(article).ToString());
        var widget = page.Locator(".humas-rx");
        await Assertions.Expect(widget.GetByRole(AriaRole.Button)).ToHaveCountAsync(5);
        var (votes, held, release) = await HoldFirstVoteAsync(page);

        var liked = widget.Locator("button[data-option='1']");
        await liked.ClickAsync();
        await held.WaitAsync(TimeSpan.FromSeconds(60)); // the first vote reached the route that holds it
        await liked.ClickAsync();
        await Assertions.Expect(liked).ToHaveAttributeAsync("aria-pressed", "false");
        release.SetResult();

        await Assertions.Expect(widget.GetByRole(AriaRole.Status)).ToHaveTextAsync("Pilihan anda dibatalkan. 0 tanggapan");
        await Assertions.Expect(liked).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(liked.Locator(".humas-rx-count")).ToHaveTextAsync("0");
        Assert.Equal(new[] { 0, 0, 0, 0, 0 }, await host.CountsAsync(article));
        Assert.Equal(new[] { "POST 1", "DELETE" }, votes);
    }

    [Fact]
    public async Task Two_blocks_of_one_article_show_one_choice_and_send_one_reader_s_votes()
    {
        // A page with the widget under the lead and again at the article's end. The first vote is held on its way
        // while the reader presses another option in the other block: the last press wins, once, in both.
        await using var host = await WebBrowserHost.StartAsync();
        var article = await host.PublishAsync("Rakor Kontributor Berita");
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(host.PageFor(article, blocks: 2).ToString());
        var top = page.Locator(".humas-rx").Nth(0);
        var bottom = page.Locator(".humas-rx").Nth(1);
        await Assertions.Expect(page.Locator(".humas-rx button")).ToHaveCountAsync(10);
        Assert.Equal(2, await page.Locator(".humas-rx h2").EvaluateAllAsync<int>("hs => new Set(hs.map(h => h.id)).size"));
        var (votes, held, release) = await HoldFirstVoteAsync(page);

        await top.Locator("button[data-option='1']").ClickAsync();
        await held.WaitAsync(TimeSpan.FromSeconds(60)); // the first vote reached the route that holds it
        await Assertions.Expect(bottom.Locator("button[data-option='1']")).ToHaveAttributeAsync("aria-pressed", "true");
        await bottom.Locator("button[data-option='2']").ClickAsync();
        foreach (var block in new[] { top, bottom })
        {
            await Assertions.Expect(block.Locator("button[data-option='2']")).ToHaveAttributeAsync("aria-pressed", "true");
            await Assertions.Expect(block.Locator("button[data-option='1']")).ToHaveAttributeAsync("aria-pressed", "false");
        }

        release.SetResult();
        foreach (var block in new[] { top, bottom })
        {
            await Assertions.Expect(block.GetByRole(AriaRole.Status)).ToHaveTextAsync("Pilihan anda: Bermanfaat 1 tanggapan");
            await Assertions.Expect(block.Locator("button[data-option='2']")).ToHaveAttributeAsync("aria-pressed", "true");
            await Assertions.Expect(block.Locator("button[data-option='2'] .humas-rx-count")).ToHaveTextAsync("1");
            await Assertions.Expect(block.Locator("button[data-option='1']")).ToHaveAttributeAsync("aria-pressed", "false");
            await Assertions.Expect(block.Locator("button[data-option='1'] .humas-rx-count")).ToHaveTextAsync("0");
        }

        // Only the block pressed says it; the other shows the same without a second announcement.
        await Assertions.Expect(bottom.GetByRole(AriaRole.Status)).ToHaveAttributeAsync("aria-live", "polite");
        await Assertions.Expect(top.GetByRole(AriaRole.Status)).ToHaveAttributeAsync("aria-live", "off");
        Assert.Equal(new[] { 0, 1, 0, 0, 0 }, await host.CountsAsync(article));
        Assert.Equal(new[] { "POST 1", "POST 2" }, votes);

        // Pressed in the first block, the option the second chose is withdrawn, in both.
        await top.Locator("button[data-option='2']").ClickAsync();
        foreach (var block in new[] { top, bottom })
        {
            await Assertions.Expect(block.GetByRole(AriaRole.Status)).ToHaveTextAsync("Pilihan anda dibatalkan. 0 tanggapan");
            await Assertions.Expect(block.Locator("button[aria-pressed='true']")).ToHaveCountAsync(0);
            await Assertions.Expect(block.Locator("button[data-option='2'] .humas-rx-count")).ToHaveTextAsync("0");
        }

        Assert.Equal(new[] { 0, 0, 0, 0, 0 }, await host.CountsAsync(article));
        Assert.Equal(new[] { "POST 1", "POST 2", "DELETE" }, votes);
        await Screenshots.SaveAsync(page, "web-widget-two-blocks");
    }

    [Fact]
    public async Task A_choice_made_in_another_tab_is_marked_in_this_one()
    {
        await using var host = await WebBrowserHost.StartAsync();
        var article = await host.PublishAsync("Rakor Kontributor Berita");
        var here = await chromium.NewPageAsync();
        // No live counts: what marks the choice here can only be the stored choice changing.
        await here.Context.RouteAsync(url => url.Contains("/reactions/events", StringComparison.Ordinal), route => route.AbortAsync());
        var url = host.PageFor(article).ToString();
        await here.GotoAsync(url);
        var there = await here.Context.NewPageAsync();
        await there.GotoAsync(url);
        var block = here.Locator(".humas-rx");
        var other = there.Locator(".humas-rx");
        await Assertions.Expect(block.GetByRole(AriaRole.Button)).ToHaveCountAsync(5);
        await Assertions.Expect(other.GetByRole(AriaRole.Button)).ToHaveCountAsync(5);

        await other.Locator("button[data-option='4']").ClickAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Status)).ToContainTextAsync("Pilihan anda: Khawatir");
        var worried = block.Locator("button[data-option='4']");
        await Assertions.Expect(worried).ToHaveAttributeAsync("aria-pressed", "true");

        // Pressed here, the choice made there is withdrawn.
        await worried.ClickAsync();
        await Assertions.Expect(block.GetByRole(AriaRole.Status)).ToHaveTextAsync("Pilihan anda dibatalkan. 0 tanggapan");
        await Assertions.Expect(worried).ToHaveAttributeAsync("aria-pressed", "false");
        Assert.Equal(new[] { 0, 0, 0, 0, 0 }, await host.CountsAsync(article));
    }

    /// <summary>
    /// The widget's votes as they leave the page ("POST n" or "DELETE"), the first held until the test releases it;
    /// <c>Held</c> completes once that first vote is waiting.
    /// </summary>
    private static async Task<(IReadOnlyList<string> Votes, Task Held, TaskCompletionSource Release)> HoldFirstVoteAsync(IPage page)
    {
        var votes = new List<string>();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(url => url.Contains("/reactions?lang=", StringComparison.Ordinal), async route =>
        {
            var request = route.Request;
            if (request.Method is "POST" or "DELETE")
            {
                bool first;
                lock (votes)
                {
                    first = votes.Count == 0;
                    votes.Add(request.Method == "POST"
                        ? "POST " + System.Text.Json.JsonDocument.Parse(request.PostData!).RootElement.GetProperty("optionId").GetInt32()
                        : "DELETE");
                }

                if (first)
                {
                    held.SetResult();
                    await release.Task;
                }
            }

            await route.ContinueAsync();
        });
        return (votes, held.Task, release);
    }

    [Fact]
    public async Task A_page_naming_an_unknown_address_shows_no_widget()
    {
        await using var host = await WebBrowserHost.StartAsync();
        await host.PublishAsync("Rakor Kontributor Berita");
        host.PageByUrl("https://www.setneg.go.id/baca/tidak-ada");
        var page = await chromium.NewPageAsync();

        var lookup = page.WaitForResponseAsync(r => r.Url.Contains("/api/reactions?url=", StringComparison.Ordinal));
        await page.GotoAsync(host.MinistryPage.Url("berita").ToString());

        Assert.Equal(404, (await lookup).Status);
        await Assertions.Expect(page.Locator(".humas-rx")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rakor Kontributor Berita" })).ToBeVisibleAsync();
    }
}
