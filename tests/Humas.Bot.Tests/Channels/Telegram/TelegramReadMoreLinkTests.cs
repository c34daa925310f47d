using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Humas.Bot.Links;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>"Baca selengkapnya" under a delivered article is the counted link when the service has a public address.</summary>
public sealed partial class TelegramReadMoreLinkTests
{
    private const string Key = "cms-key-readmore";

    [Fact]
    public async Task The_read_more_button_opens_the_counted_link_which_leads_to_the_article()
    {
        await using var h = await TelegramBotHarness.StartAsync(settings: new() { ["Publishing:ApiKeys:0"] = Key, ["PublicUrl"] = "https://bot.kominfo.go.id" });
        h.PushMessage(1301, "/start");
        await h.ReplyAsync(1301);

        var articleUrl = $"https://www.kominfo.go.id/berita/{Guid.NewGuid():N}";
        using var publish = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new { institution = "kominfo", title = "Layanan baru diluncurkan", url = articleUrl, publishedAt = DateTimeOffset.UtcNow }),
        };
        publish.Headers.Add("X-Api-Key", Key);
        Assert.Equal(HttpStatusCode.Created, (await h.App.CreateClient().SendAsync(publish)).StatusCode);
        var article = await h.ReplyAsync(1301, 2);

        var link = ReadMore().Match(article.ReplyMarkupJson ?? "");
        Assert.True(link.Success, article.ReplyMarkupJson);
        Assert.DoesNotContain(articleUrl, article.ReplyMarkupJson, StringComparison.Ordinal);

        var client = h.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148");
        var opened = await client.GetAsync("/r/" + link.Groups[1].Value);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal(articleUrl, opened.Headers.Location?.OriginalString);

        await h.App.Services.GetRequiredService<ClickCounter>().FlushAsync(CancellationToken.None);
        await using var db = h.Db();
        var clicks = await (from c in db.Set<ArticleClickDay>() join l in db.Set<ArticleLink>() on c.LinkId equals l.Id select new { l.Channel, c.Clicks }).SingleAsync();
        Assert.Equal(("telegram", 1), (clicks.Channel, clicks.Clicks));
    }

    [GeneratedRegex(@"""url""\s*:\s*""https://bot\.kominfo\.go\.id/r/([A-Za-z0-9_-]{12})""")]
    private static partial Regex ReadMore();
}
