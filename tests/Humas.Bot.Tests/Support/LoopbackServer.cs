using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Humas.Bot.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an OS-assigned port, for tests that need actual HTTP
/// (sockets, chunked bodies, aborted connections) rather than a mocked handler.
/// <code>
/// await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => "..."));
/// var url = new Uri(server.BaseUri, "feed");
/// </code>
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackServer(WebApplication app, Uri baseUri)
    {
        this.app = app;
        BaseUri = baseUri;
    }

    /// <summary>Ends with a slash, so <c>new Uri(BaseUri, "path")</c> works.</summary>
    public Uri BaseUri { get; }

    public Uri Url(string relative) => new(BaseUri, relative.TrimStart('/'));

    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }
}
