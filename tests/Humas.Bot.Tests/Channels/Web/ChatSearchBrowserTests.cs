using Humas.Bot.Links;
using Humas.Bot.Tests.Support.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Humas.Bot.Tests.Channels.Web;

/// <summary>A visitor searches in the web chat, opens an answer, lands on the ministry's page through the counted link.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatSearchBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task A_search_answer_is_a_link_that_is_counted_and_leads_to_the_article()
    {
        await using var host = await WebBrowserHost.StartAsync(publicUrl: true);
        var articleUrl = host.MinistryPage.Url("berita/banjir-jakarta").ToString();
        var article = await host.PublishAsync("Banjir Jakarta mulai surut", articleUrl);
        await host.PublishAsync("Penyaluran bansos tahap IV");
        host.PageFor(article);
        var page = await chromium.NewPageAsync(host.Service.BaseAddress);
        await page.GotoAsync("chat");
        await Assertions.Expect(page.Locator("body[data-ready='1']")).ToHaveCountAsync(1);
        var input = page.GetByLabel("Tulis pesan atau perintah (mis. /bantuan)");

        await input.FillAsync("/cari BANJIR");
        await input.PressAsync("Enter");

        var log = page.GetByRole(AriaRole.Log);
        var answer = log.Locator("li.msg.bot").Last;
        await Assertions.Expect(answer).ToContainTextAsync("Berita terbaru yang cocok dengan \"banjir\":");
        var link = answer.GetByRole(AriaRole.Link, new() { Name = "Banjir Jakarta mulai surut", Exact = true });
        await Assertions.Expect(link).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(host.Service.BaseAddress.ToString())}r/[A-Za-z0-9_-]{{12}}$"));
        await Assertions.Expect(answer.Locator("ol.links li")).ToHaveCountAsync(1);
        await Assertions.Expect(answer.Locator("ol.links .detail")).ToContainTextAsync("Kementerian Sekretariat Negara · ");
        await Screenshots.SaveAsync(page, "web-chat-search");

        var opened = await page.RunAndWaitForPopupAsync(() => link.ClickAsync());
        // The address polled, not WaitForURLAsync, which waits for the load event (see AdminBrowser.SignInAsync).
        await Assertions.Expect(opened).ToHaveURLAsync(articleUrl, new() { Timeout = 60_000 });
        await Assertions.Expect(opened.GetByRole(AriaRole.Heading, new() { Name = "Rakor Kontributor Berita" })).ToBeVisibleAsync();

        await host.Service.Services.GetRequiredService<ClickCounter>().FlushAsync(CancellationToken.None);
        await using var db = host.Service.Factory.CreateDbContext();
        var clicks = await (from c in db.Set<ArticleClickDay>() join l in db.Set<ArticleLink>() on c.LinkId equals l.Id
                            where l.ArticleId == article select new { l.Channel, c.Clicks }).SingleAsync();
        Assert.Equal(("web", 1), (clicks.Channel, clicks.Clicks));
    }
}
