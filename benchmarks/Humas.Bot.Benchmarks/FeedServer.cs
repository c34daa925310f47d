using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Humas.Bot.Benchmarks;

/// <summary>
/// Kestrel on 127.0.0.1 serving <see cref="FeedContent"/> at <c>/feeds/{i}.xml</c>, honouring If-None-Match
/// (304 with no body when the feed is unchanged).
/// </summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FeedServer(WebApplication app, FeedContent content)
    {
        _app = app;
        Content = content;
    }

    public FeedContent Content { get; }

    public int Requests200;
    public int Requests304;

    public Uri Address { get; private set; } = null!;

    public static async Task<FeedServer> StartAsync(BenchOptions options, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new FeedServer(app, new FeedContent(options));
        app.MapGet("/feeds/{id:int}.xml", (int id, HttpContext http) => server.Serve(id, http));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address);
        return server;
    }

    private async Task Serve(int id, HttpContext http)
    {
        if ((uint)id >= (uint)Content.Count)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var etag = Content.ETagOf(id);
        if (http.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            Interlocked.Increment(ref Requests304);
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            http.Response.Headers.ETag = etag;
            return;
        }

        Interlocked.Increment(ref Requests200);
        var body = Content.Render(id, out etag);
        http.Response.Headers.ETag = etag;
        http.Response.ContentType = "application/rss+xml; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body);
    }

    public string Stats() => string.Create(CultureInfo.InvariantCulture, $"200={Requests200} 304={Requests304}");

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>
    /// The <c>serve-feeds</c> verb: prints <c>listening {url}</c>, then answers line commands on stdin:
    /// <c>advance {cycle}</c> (prints <c>changed {n}</c>), <c>stats</c>; end of input stops it.
    /// </summary>
    public static async Task<int> RunChildAsync(BenchOptions options)
    {
        await using var server = await StartAsync(options, options.Port ?? 0);
        Console.Out.WriteLine($"listening {server.Address}");
        Console.Out.Flush();
        while (Console.In.ReadLine() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var reply = parts switch
            {
                ["advance", var cycle] => $"changed {server.Content.Advance(int.Parse(cycle, CultureInfo.InvariantCulture))}",
                ["stats"] => server.Stats(),
                _ => $"error unknown command '{line}'",
            };
            Console.Out.WriteLine(reply);
            Console.Out.Flush();
        }

        return 0;
    }
}
