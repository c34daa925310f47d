using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace Humas.Bot.Tests.Channels.Web;

/// <summary>
/// For browser tests: the service on a live Kestrel port, and a ministry page on a second port (another
/// origin) that embeds the widget the way docs/WEB.md tells a web team to. The page's origin is the one
/// allowed in Web:AllowedOrigins.
/// </summary>
public sealed class WebBrowserHost : IAsyncDisposable
{
    private string _pageHtml = "";

    private WebBrowserHost()
    {
    }

    public LoopbackServer MinistryPage { get; private set; } = null!;
    public LiveServer Service { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "humas-webui-" + Guid.NewGuid().ToString("N"));

    /// <param name="publicUrl">Give the service its own address as PublicUrl, so links readers get are the counted /r/ links.</param>
    /// <param name="settings">More configuration, over the defaults here.</param>
    public static async Task<WebBrowserHost> StartAsync(bool publicUrl = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new WebBrowserHost();
        host.MinistryPage = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/berita", () => Microsoft.AspNetCore.Http.Results.Content(host._pageHtml, "text/html; charset=utf-8"));
            // The ministry's article pages, as the feed links them: each shows the same page.
            app.MapGet("/berita/{slug}", () => Microsoft.AspNetCore.Http.Results.Content(host._pageHtml, "text/html; charset=utf-8"));
        });
        var pageOrigin = host.MinistryPage.BaseUri.GetLeftPart(UriPartial.Authority);
        var port = publicUrl ? LiveServer.FreePort() : 0;
        var all = new Dictionary<string, string?>
        {
            ["Publishing:ApiKeys:0"] = WebHost.ApiKey,
            ["Web:VisitorKey"] = WebHost.VisitorKey,
            ["Web:AllowedOrigins:0"] = pageOrigin,
            ["Tips:StoragePath"] = Path.Combine(host.Folder, "tips"),
            // The pages press buttons at once; the wait for a fresh id is WidgetLimitsTests'.
            ["Web:VisitorMinAgeSeconds"] = "0",
        };
        if (publicUrl)
        {
            all["PublicUrl"] = $"http://127.0.0.1:{port}";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        host.Service = new LiveServer(all, port: port);
        host.Client = host.Service.CreateClient();
        return host;
    }

    /// <summary>
    /// The ministry's article page embedding the widget by address (<c>data-humas-url</c>): <paramref name="dataUrl"/> as
    /// the attribute's value ("" for the page's own), with a canonical link when <paramref name="canonical"/> is given.
    /// </summary>
    public void PageByUrl(string dataUrl, string? canonical = null)
    {
        var link = canonical is null ? "" : $"""<link rel="canonical" href="{canonical}">""";
        _pageHtml = $"""
            <!doctype html>
            <html lang="id"><head><meta charset="utf-8"><title>Berita Kementerian</title>{link}</head>
            <body><main><h1>Rakor Kontributor Berita</h1><p>Isi berita.</p>
            <div data-humas-url="{dataUrl}"></div>
            <script src="{Service.BaseAddress}widget/reactions.js" async></script>
            </main></body></html>
            """;
    }

    /// <summary>The ministry's article page with the embed snippet for <paramref name="article"/>.</summary>
    /// <param name="blocks">How many blocks of the article the page has (one under its lead, one at its end, say).</param>
    /// <param name="head">More of the page's head (its own Content-Security-Policy, say).</param>
    public Uri PageFor(Guid article, int blocks = 1, string head = "")
    {
        var divs = string.Join("\n<p>Isi berita.</p>\n", Enumerable.Repeat($"""<div data-humas-article="{article}"></div>""", blocks));
        _pageHtml = $"""
            <!doctype html>
            <html lang="id"><head><meta charset="utf-8"><title>Berita Kementerian</title>{head}</head>
            <body><main><h1>Rakor Kontributor Berita</h1><p>Isi berita.</p>
            {divs}
            <script src="{Service.BaseAddress}widget/reactions.js" async></script>
            </main></body></html>
            """;
        return MinistryPage.Url("berita");
    }

    /// <summary>A ministry's listing page: a block for each of <paramref name="articles"/>, under its title.</summary>
    public Uri ListingFor(IEnumerable<Guid> articles)
    {
        var items = string.Join("\n", articles.Select(a => $"""<article><h2>Berita {a}</h2><div data-humas-article="{a}"></div></article>"""));
        _pageHtml = $"""
            <!doctype html>
            <html lang="id"><head><meta charset="utf-8"><title>Berita Kementerian</title></head>
            <body><main><h1>Berita Terkini</h1>
            {items}
            <script src="{Service.BaseAddress}widget/reactions.js" async></script>
            </main></body></html>
            """;
        return MinistryPage.Url("berita");
    }

    /// <param name="url">The article's address; by default one on setneg.go.id.</param>
    /// <param name="imageUrl">The article's picture, if it has one.</param>
    public async Task<Guid> PublishAsync(string title, string? url = null, string? imageUrl = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/articles")
        {
            Content = JsonContent.Create(new { institution = "setneg", title, summary = "Ringkasan " + title, url = url ?? $"https://www.setneg.go.id/baca/{Guid.NewGuid():N}", imageUrl, publishedAt = DateTimeOffset.UtcNow }),
        };
        request.Headers.Add("X-Api-Key", WebHost.ApiKey);
        var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    public async Task<int[]> CountsAsync(Guid article) =>
        await WebHost.CountsAsync(await Client.GetAsync($"api/articles/{article}/reactions"));

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        Service?.Dispose();
        await MinistryPage.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
