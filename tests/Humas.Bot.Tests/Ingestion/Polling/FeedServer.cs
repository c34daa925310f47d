using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Humas.Bot.Tests.Ingestion.Polling;

/// <summary>A ministry web server on 127.0.0.1 whose feed the test edits, with ETags and a request log.</summary>
internal sealed class FeedServer : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<string> _items = [];
    private LoopbackServer _server = null!;
    private int _version;

    public Func<HttpContext, Task<bool>>? Override { get; set; }

    public List<string?> IfNoneMatchSeen { get; } = [];

    public int Ttl { get; set; }

    public Uri FeedUrl => _server.Url("rss");

    public static async Task<FeedServer> StartAsync()
    {
        var feed = new FeedServer();
        feed._server = await LoopbackServer.StartAsync(app => app.MapGet("/rss", feed.ServeAsync));
        return feed;
    }

    public void AddItem(string slug, string title)
    {
        lock (_gate)
        {
            _items.Insert(0, $"""
                <item><title>{title}</title><link>https://www.setneg.go.id/baca/index/{slug}</link>
                <guid isPermaLink="false">{slug}</guid><pubDate>Fri, 14 Jul 2017 10:00:00 +0700</pubDate>
                <description>Isi berita {title} yang cukup panjang untuk diringkas.</description></item>
                """);
            _version++;
        }
    }

    private async Task ServeAsync(HttpContext http)
    {
        if (Override is not null && await Override(http))
        {
            return;
        }

        string body;
        string etag;
        lock (_gate)
        {
            IfNoneMatchSeen.Add(http.Request.Headers.IfNoneMatch.FirstOrDefault());
            etag = $"\"v{_version}\"";
            var ttl = Ttl > 0 ? $"<ttl>{Ttl}</ttl>" : "";
            body = $"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Setneg</title><link>https://www.setneg.go.id/</link>{ttl}{string.Concat(_items)}</channel></rss>""";
        }

        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch == etag)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.ContentType = "application/rss+xml";
        await http.Response.WriteAsync(body);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
