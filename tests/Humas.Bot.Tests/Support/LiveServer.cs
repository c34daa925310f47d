using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Humas.Bot.Tests.Support;

/// <summary>
/// The real host (Program.cs, as <see cref="HumasAppFactory"/> builds it) listening with Kestrel on a free
/// 127.0.0.1 port, for clients that need a real socket: a browser, another process, cross-origin pages.
/// </summary>
public sealed class LiveServer : IDisposable
{
    /// <param name="port">0 for any free port; a port from <see cref="FreePort"/> when settings must name the address first (PublicUrl).</param>
    public LiveServer(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, int port = 0)
    {
        Factory = new HumasAppFactory(settings, services);
        Factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>A port free right now on 127.0.0.1, for a server whose address its settings must know before it starts.</summary>
    public static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    public HumasAppFactory Factory { get; }

    /// <summary>e.g. http://127.0.0.1:41234/ (always with the trailing slash, so relative URLs append).</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => Factory.Services;

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public void Dispose() => Factory.Dispose();
}
