using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Humas.Bot.Host;

public static class Observability
{
    /// <summary>Every part's meters and activity sources are named under this prefix.</summary>
    public const string NamePrefix = "Humas.Bot.";

    /// <summary>
    /// Metrics from every Humas.Bot.* meter, and traces from every Humas.Bot.* activity source plus ASP.NET
    /// Core, HttpClient and Npgsql, exported over OTLP/HTTP when <c>OpenTelemetry:OtlpEndpoint</c> is set.
    /// Without it there is no tracer provider at all, so nothing listens to those sources and no span is even
    /// created; the meters still feed <c>dotnet-counters</c> and the tests' collectors.
    /// </summary>
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.AddValidatedOptions(ObservabilityOptions.Section, new ObservabilityOptionsValidator());
        // The exporters are chosen when the providers are built (at start), from the validated options, so
        // configuration added after this call (as a test host adds it) counts like any other setting.
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("humas-bot"))
            .WithMetrics(metrics => metrics
                .AddMeter(NamePrefix + "*")
                .AddReader(sp => Settings(sp).OtlpBase is { } otlp
                    ? new PeriodicExportingMetricReader(new OtlpMetricExporter(Exporter(otlp, "v1/metrics")))
                    : new BaseExportingMetricReader(new NoMetricExport())))
            .WithTracing(tracing => tracing
                .AddSource(NamePrefix + "*")
                // Health probes every few seconds would bury the traces that matter.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                // Decided where a trace starts (a poll, a request, a press) and followed by every span under it.
                .SetSampler(sp => new ParentBasedSampler(new TraceIdRatioBasedSampler(Settings(sp).TraceSampleRatio)))
                .AddProcessor(sp => new BatchActivityExportProcessor(new OtlpTraceExporter(Exporter(Settings(sp).OtlpBase!, "v1/traces")))));
        TraceOnlyWhenExported(builder.Services);
        return builder;
    }

    /// <summary>
    /// The SDK's tracer provider is built only when traces are exported. Like the exporters, that is decided when the
    /// provider is first asked for (at start), so the SDK's registration is wrapped rather than left out. A provider
    /// that exports nothing would still listen to every source: its sampler can only drop a trace where it starts,
    /// and it still creates that first span (for the trace's propagation), which is every send's span, every Bot API
    /// call's and every PostgreSQL command's: about an eighth of a broadcast's CPU per send (docs/PERFORMANCE.md).
    /// </summary>
    private static void TraceOnlyWhenExported(IServiceCollection services)
    {
        var sdk = services.Single(d => d.ServiceType == typeof(TracerProvider));
        services.Remove(sdk);
        services.AddSingleton<TracerProvider>(sp => Settings(sp).OtlpBase is null ? null! : (TracerProvider)sdk.ImplementationFactory!(sp));
    }

    private static ObservabilityOptions Settings(IServiceProvider services) =>
        services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;

    // An endpoint set in code is used as given (the exporter adds no /v1/... path to it), hence the full address.
    private static OtlpExporterOptions Exporter(Uri otlp, string path) =>
        new() { Endpoint = new Uri(otlp, path), Protocol = OtlpExportProtocol.HttpProtobuf };

    /// <summary>Stands in for the metrics exporter when export is off (the reader needs one).</summary>
    private sealed class NoMetricExport : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
