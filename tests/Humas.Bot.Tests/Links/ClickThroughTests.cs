using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Links;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Links;

/// <summary>The counted "Baca selengkapnya" link through the real host: one token per article and channel, a fast redirect, clicks by people only.</summary>
public abstract class ClickThroughTests(DatabaseKind databaseKind) : IDisposable
{
    private const string Key = "cms-key-links";
    private const string PublicUrl = "https://bot.kominfo.go.id/humas";
    private const string Browser = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
    private readonly HumasAppFactory _app = new(new() { ["Publishing:ApiKeys:0"] = Key, ["PublicUrl"] = PublicUrl + "/" }, database: databaseKind);

    public void Dispose() => _app.Dispose();

    private HttpClient Client() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<(Guid Id, string Url)> PublishAsync()
    {
        var url = $"https://www.kominfo.go.id/berita/{Guid.NewGuid():N}?utm_source=rss";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new { institution = "kominfo", title = "Sosialisasi layanan publik", url, publishedAt = "2026-11-22T09:00:00+07:00" }),
        };
        request.Headers.Add("X-Api-Key", Key);
        var response = await Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (Guid.Parse(body.GetProperty("id").GetString()!), body.GetProperty("url").GetString()!);
    }

    private async Task<string> LinkAsync(Guid article, string url, string channel) =>
        await _app.Services.GetRequiredService<ArticleLinks>().ReadUrlAsync(article, url, channel, CancellationToken.None);

    private async Task<Dictionary<string, int>> ClicksAsync(Guid article)
    {
        await _app.Services.GetRequiredService<ClickCounter>().FlushAsync(CancellationToken.None);
        await using var db = _app.CreateDbContext();
        return await (
            from c in db.Set<ArticleClickDay>()
            join l in db.Set<ArticleLink>() on c.LinkId equals l.Id
            where l.ArticleId == article
            group c by l.Channel into g
            select new { Channel = g.Key, Clicks = g.Sum(c => c.Clicks) }).ToDictionaryAsync(g => g.Channel, g => g.Clicks);
    }

    private async Task<HttpResponseMessage> OpenAsync(string link, string? userAgent = Browser, HttpMethod? method = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, new Uri(link).PathAndQuery.Replace("/humas", "", StringComparison.Ordinal));
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client().SendAsync(request);
    }

    [Fact]
    public async Task Each_article_and_channel_has_one_short_unguessable_link_on_the_public_address()
    {
        var (article, url) = await PublishAsync();

        var telegram = await LinkAsync(article, url, "telegram");
        var again = await LinkAsync(article, url, "telegram");
        var teams = await LinkAsync(article, url, "teams");

        Assert.Matches(@"^https://bot\.kominfo\.go\.id/humas/r/[A-Za-z0-9_-]{12}$", telegram);
        Assert.Equal(telegram, again);
        Assert.NotEqual(telegram, teams);
        await using var db = _app.CreateDbContext();
        Assert.Equal(2, await db.Set<ArticleLink>().CountAsync(l => l.ArticleId == article));
    }

    [Fact]
    public async Task A_person_opening_the_link_is_redirected_to_the_article_and_counted_for_its_channel()
    {
        var (article, url) = await PublishAsync();
        var telegram = await LinkAsync(article, url, "telegram");
        var web = await LinkAsync(article, url, "web");

        var response = await OpenAsync(telegram);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => OpenAsync(telegram)));
        await OpenAsync(web);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(url, response.Headers.Location?.OriginalString);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal(new Dictionary<string, int> { ["telegram"] = 21, ["web"] = 1 }, await ClicksAsync(article));
    }

    [Theory]
    [InlineData("TelegramBot (like TwitterBot)")]
    [InlineData("WhatsApp/2.23.20.0 A")]
    [InlineData("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")]
    [InlineData("Twitterbot/1.0")]
    [InlineData("Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)")]
    [InlineData("Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com")]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("curl/8.5.0")]
    [InlineData("python-requests/2.31.0")]
    [InlineData(null)]
    public async Task Link_preview_fetchers_and_bots_are_redirected_but_not_counted(string? userAgent)
    {
        var (article, url) = await PublishAsync();
        var link = await LinkAsync(article, url, "telegram");

        var response = await OpenAsync(link, userAgent);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(url, response.Headers.Location?.OriginalString);
        Assert.Empty(await ClicksAsync(article));
    }

    [Fact]
    public async Task Head_requests_and_browser_prefetches_are_not_counted()
    {
        var (article, url) = await PublishAsync();
        var link = await LinkAsync(article, url, "teams");

        var head = await OpenAsync(link, method: HttpMethod.Head);
        await OpenAsync(link, Browser, null, ("Sec-Purpose", "prefetch;prerender"));
        await OpenAsync(link, Browser, null, ("Purpose", "prefetch"));

        Assert.Equal(HttpStatusCode.Redirect, head.StatusCode);
        Assert.Empty(await ClicksAsync(article));
        await OpenAsync(link);
        Assert.Equal(1, (await ClicksAsync(article))["teams"]);
    }

    [Theory]
    [InlineData("/r/AAAAAAAAAAAA")]
    [InlineData("/r/short")]
    [InlineData("/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/r/..%2F..%2Fadmin")]
    [InlineData("/r/https:%2F%2Fevil.example")]
    public async Task Unknown_or_malformed_tokens_are_a_404_that_redirects_nowhere(string path)
    {
        var response = await Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("Tautan ini tidak dikenal", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_redirect_goes_only_to_the_stored_article_url_never_to_one_from_the_request()
    {
        var (article, url) = await PublishAsync();
        var link = new Uri(await LinkAsync(article, url, "web")).AbsolutePath.Replace("/humas", "", StringComparison.Ordinal);

        var response = await Client().GetAsync(link + "?url=https://evil.example/&next=//evil.example");

        Assert.Equal(url, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_article_whose_stored_url_is_not_http_is_never_a_redirect_target()
    {
        var (article, url) = await PublishAsync();
        var link = await LinkAsync(article, url, "web");
        await using (var db = _app.CreateDbContext())
        {
            await db.Set<Article>().Where(a => a.Id == article).ExecuteUpdateAsync(u => u.SetProperty(a => a.Url, "javascript:alert(1)"));
        }

        // The link's target is cached for a few minutes; a fresh host reads the stored URL.
        using var fresh = _app.WithWebHostBuilder(_ => { });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(link).AbsolutePath.Replace("/humas", "", StringComparison.Ordinal));
        request.Headers.TryAddWithoutValidation("User-Agent", Browser);
        var response = await fresh.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}

public sealed class ClickThroughTestsOnSqlite() : ClickThroughTests(DatabaseKind.Sqlite);

public sealed class ClickThroughTestsOnPostgres() : ClickThroughTests(DatabaseKind.Postgres);

/// <summary>Where the public address comes from, and what happens without one.</summary>
public sealed class PublicUrlTests
{
    [Fact]
    public async Task Without_a_public_address_links_go_straight_to_the_article()
    {
        using var app = new HumasAppFactory();
        var url = "https://www.kemensos.go.id/berita/1";

        var link = await app.Services.GetRequiredService<ArticleLinks>().ReadUrlAsync(Guid.NewGuid(), url, "telegram", CancellationToken.None);

        Assert.Equal(url, link);
    }

    [Fact]
    public void Telegram_PublicUrl_is_the_fallback_and_PublicUrl_wins()
    {
        using var fallback = new HumasAppFactory(new() { ["Telegram:PublicUrl"] = "https://tg.example.go.id" });
        using var both = new HumasAppFactory(new() { ["Telegram:PublicUrl"] = "https://tg.example.go.id", ["PublicUrl"] = "https://bot.example.go.id" });

        Assert.Equal("https://tg.example.go.id", fallback.Services.GetRequiredService<IOptions<PublicUrlOptions>>().Value.BaseUrl);
        Assert.Equal("https://bot.example.go.id", both.Services.GetRequiredService<IOptions<PublicUrlOptions>>().Value.BaseUrl);
    }

    [Theory]
    [InlineData("ftp://bot.example.go.id", false)]
    [InlineData("bot.example.go.id", false)]
    [InlineData("https://bot.example.go.id/?a=1", false)]
    [InlineData("https://bot.example.go.id/humas/", true)]
    [InlineData("", true)]
    public void A_public_address_must_be_an_http_url(string value, bool valid)
    {
        var results = new PublicUrlOptions { PublicUrl = value }.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object())).ToList();
        Assert.Equal(valid, results.Count == 0);
    }
}
