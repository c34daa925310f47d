using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Host;

/// <summary>
/// <c>ForwardedHeaders</c> section: the reverse proxies and load balancers in front of the service. Only a
/// request whose connection comes from one of them has its X-Forwarded-For and X-Forwarded-Proto believed;
/// with none configured (the default) nobody's are, so a client cannot pick its own address to escape the
/// per-IP limits, and cannot make itself look local.
/// </summary>
public sealed class ForwardedHeadersSettings : IValidatableObject
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. "10.0.0.4".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. "10.0.0.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i], out _))
            {
                yield return new ValidationResult("must be an IP address such as 10.0.0.4", [$"{nameof(KnownProxies)}:{i}"]);
            }
        }

        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(KnownNetworks[i], out _))
            {
                yield return new ValidationResult("must be a network in CIDR notation such as 10.0.0.0/24", [$"{nameof(KnownNetworks)}:{i}"]);
            }
        }
    }
}

/// <summary>Generated at build time from Validate above (no reflection at start).</summary>
[OptionsValidator]
public sealed partial class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>;

public static class ForwardedHeadersSetup
{
    /// <summary>ASP.NET Core's forwarded-headers middleware, trusting only the configured proxies. Use with <c>app.UseForwardedHeaders()</c> first.</summary>
    public static IHostApplicationBuilder AddForwardedHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions(ForwardedHeadersSettings.Section, new ForwardedHeadersSettingsValidator());
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((o, settings) =>
        {
            // No proxy listed: no header is read at all (the middleware would trust everyone with both lists empty).
            o.ForwardedHeaders = settings.Value.KnownProxies.Count + settings.Value.KnownNetworks.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only what the operator lists.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in settings.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            // Walk back through every trusted hop (balancer, then a local proxy); the first untrusted address is the client.
            o.ForwardLimit = null;
        });
        return builder;
    }
}
