using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Humas.Bot.Host;

public static class Observability
{
    /// <summary>
    /// Metrics from every Humas.Bot.* meter, exported over OTLP when <c>OpenTelemetry:OtlpEndpoint</c> is
    /// set; without it the meters still feed <c>dotnet-counters</c> and the tests' listeners.
    /// </summary>
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        var endpoint = builder.Configuration["OpenTelemetry:OtlpEndpoint"];
        if (Uri.TryCreate(endpoint, UriKind.Absolute, out var otlp))
        {
            builder.Services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
                .AddMeter("Humas.Bot.*")
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = otlp;
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                })
                .Build());
            builder.Services.AddHostedService<MeterProviderKeeper>();
        }

        return builder;
    }

    /// <summary>Creates the meter provider at start (it listens from then on) and flushes it at shutdown.</summary>
    private sealed class MeterProviderKeeper(MeterProvider provider) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            provider.ForceFlush(5000);
            return Task.CompletedTask;
        }
    }
}
