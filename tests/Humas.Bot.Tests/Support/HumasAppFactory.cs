using Humas.Bot.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Support;

/// <summary>
/// The real host (Program.cs) over a fresh database (a SQLite file, or a PostgreSQL database), with settings a test may add to. The
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
        _database = new TestDatabase(migrate: false, database);
        _settings = _database.Settings;
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    public HumasDbContext CreateDbContext() => Services.GetRequiredService<IDbContextFactory<HumasDbContext>>().CreateDbContext();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
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
