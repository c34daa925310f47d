using Humas.Bot.Cli;
using Humas.Bot.Ingestion;
using Humas.Bot.Ingestion.Polling;
using Humas.Bot.Ingestion.Sources;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Humas.Bot.Tests.Support;

/// <summary>
/// The service's real storage and ingestion wiring over a given SQLite file, without the background
/// poller, so a test decides when each poll happens and what the clock says. Building a second
/// harness over the same database is a restart.
/// </summary>
public sealed class IngestionHarness : IAsyncDisposable, IServiceProvider
{
    private readonly ServiceProvider _services;

    private IngestionHarness(ServiceProvider services) => _services = services;

    public SourcePollJob Job => _services.GetRequiredService<SourcePollJob>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public HumasDbContext CreateDbContext() => _services.GetRequiredService<IDbContextFactory<HumasDbContext>>().CreateDbContext();

    public static async Task<IngestionHarness> StartAsync(TestDatabase database, TimeProvider clock, Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:Humas"] = database.ConnectionString,
        });
        if (!settings.ContainsKey("Ingestion:AllowPrivateNetworks"))
        {
            // The tests' feed servers listen on 127.0.0.1.
            builder.Configuration["Ingestion:AllowPrivateNetworks"] = "true";
        }

        builder.Services.AddLogging();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(_ => CliConsole.Create());
        builder.AddStorage();
        builder.AddInstitutions();
        builder.AddIngestion();
        builder.Services.RemoveAll<SourcePoller>();
        var services = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await services.GetRequiredService<InstitutionCatalog>().StartingAsync(CancellationToken.None);
        await services.GetRequiredService<SourceCatalog>().SynchronizeAsync(CancellationToken.None);
        return new IngestionHarness(services);
    }

    public object? GetService(Type serviceType) => _services.GetService(serviceType);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

internal static class ServiceCollectionTestExtensions
{
    /// <summary>Drops a hosted service so the test drives that work itself.</summary>
    public static void RemoveAll<THosted>(this IServiceCollection services)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(THosted)).ToList())
        {
            services.Remove(descriptor);
        }
    }
}
