using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Host;

/// <summary>The <c>OpenTelemetry:</c> section: where metrics and traces go, and how many traces are kept.</summary>
public sealed class ObservabilityOptions : IValidatableObject
{
    public const string Section = "OpenTelemetry";

    /// <summary>
    /// The OTLP/HTTP (protobuf) collector's base address, e.g. <c>http://127.0.0.1:4318</c>: metrics go to
    /// <c>/v1/metrics</c> under it and traces to <c>/v1/traces</c>. A value that already ends in one of those
    /// paths (the form older configurations used) is taken as its base. Empty: nothing is exported.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The share of traces kept, decided once where a trace starts (a poll, a request, a press) and
    /// followed by every span under it, so a kept trace is kept whole.</summary>
    [Range(0.0, 1.0)]
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>The collector's base address, or null when export is off.</summary>
    public Uri? OtlpBase => OtlpBaseOf(OtlpEndpoint);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && OtlpBase is null)
        {
            yield return new ValidationResult("must be an absolute http:// or https:// address, e.g. http://127.0.0.1:4318", [nameof(OtlpEndpoint)]);
        }
    }

    internal static Uri? OtlpBaseOf(string? value)
    {
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        foreach (var signal in (string[])["/v1/metrics", "/v1/traces"])
        {
            if (path.EndsWith(signal, StringComparison.Ordinal))
            {
                path = path[..^signal.Length];
            }
        }

        return new UriBuilder(uri) { Path = path + "/", Query = "" }.Uri;
    }
}

/// <summary>Generated at build time from the attributes and Validate above (no reflection at start).</summary>
[OptionsValidator]
public sealed partial class ObservabilityOptionsValidator : IValidateOptions<ObservabilityOptions>;
