using System.Diagnostics;
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
    /// Without it the sampler drops every trace where it starts, so no span is recorded; the meters still
    /// feed <c>dotnet-counters</c> and the tests' collectors.
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
                    : new BaseExportingMetricReader(new NoExport<Metric>())))
            .WithTracing(tracing => tracing
                .AddSource(NamePrefix + "*")
                // Health probes every few seconds would bury the traces that matter.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                // Decided where a trace starts (a poll, a request, a press) and followed by every span under
                // it. Export off: no span is recorded at all.
                .SetSampler(sp => Settings(sp) is { OtlpBase: not null } settings
                    ? new ParentBasedSampler(new TraceIdRatioBasedSampler(settings.TraceSampleRatio))
                    : new AlwaysOffSampler())
                .AddProcessor(sp => Settings(sp).OtlpBase is { } otlp
                    ? new BatchActivityExportProcessor(new OtlpTraceExporter(Exporter(otlp, "v1/traces")))
                    : new SimpleActivityExportProcessor(new NoExport<Activity>())));
        return builder;
    }

    private static ObservabilityOptions Settings(IServiceProvider services) =>
        services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;

    // An endpoint set in code is used as given (the exporter adds no /v1/... path to it), hence the full address.
    private static OtlpExporterOptions Exporter(Uri otlp, string path) =>
        new() { Endpoint = new Uri(otlp, path), Protocol = OtlpExportProtocol.HttpProtobuf };

    /// <summary>Stands in for the exporter when export is off (the provider builders need one).</summary>
    private sealed class NoExport<T> : BaseExporter<T>
        where T : class
    {
        public override ExportResult Export(in Batch<T> batch) => ExportResult.Success;
    }
}
