using System.Net;
using Humas.Bot.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Support;

/// <summary>
/// The real host (Program.cs) over a fresh database (a SQLite file, or a PostgreSQL database; a copy of the run's migrated
/// template, so the host's migrator finds nothing pending), with settings a test may add to. The
/// environment is "Testing", so there is no demo source unless the test sets Demo:Enabled: tests start from an empty database.
/// </summary>
public sealed class HumasAppFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Registrations applied after Program's, e.g. mocks of services other parts provide.</param>
    /// <param name="database">SQLite (default) or PostgreSQL: the same host over either provider.</param>
    public HumasAppFactory(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, DatabaseKind database = DatabaseKind.Sqlite)
    {
        _services = services;
        _database = new TestDatabase(migrate: true, database);
        _settings = _database.Settings;
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    /// <summary>True after <see cref="OnKestrel"/>: the host listens on a socket instead of the in-memory TestServer.</summary>
    public bool Kestrel { get; private set; }

    /// <summary>
    /// Serves with Kestrel on a free 127.0.0.1 port instead of the in-memory TestServer (before the first use), for
    /// what only a real server does: e.g. refusing a body over the endpoint's limit while it is read.
    /// </summary>
    public HumasAppFactory OnKestrel()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        Kestrel = true;
        return this;
    }

    /// <summary>A client of this host: TestServer's in-memory one, or one over a socket to Kestrel's address.</summary>
    public HttpClient Client()
    {
        if (!Kestrel)
        {
            return CreateClient();
        }

        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        // No cookie jar, as the tests' TestServer clients that play many browsers (WebHost).
        return new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(address) };
    }

    public HumasDbContext CreateDbContext() => Services.GetRequiredService<IDbContextFactory<HumasDbContext>>().CreateDbContext();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, TestServerBodyLimit>());
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _database.Dispose();
        }
    }
}
