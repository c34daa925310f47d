using Microsoft.Extensions.Options;

namespace Humas.Bot.Ingestion.Sources;

/// <summary>
/// Maps an article's web host to the institution that owns it, so an aggregator feed (like the demo
/// feed, or a GPR feed carrying several ministries' news) attributes each item to its ministry.
/// </summary>
public sealed class InstitutionDirectory
{
    private readonly Dictionary<string, string> _byHost = new(StringComparer.OrdinalIgnoreCase);

    public InstitutionDirectory(IOptions<SourcesOptions> options)
    {
        foreach (var institution in options.Value.Institutions)
        {
            foreach (var host in institution.Hosts)
            {
                _byHost[Bare(host)] = institution.Id;
            }
        }
    }

    /// <summary>The institution whose host (or a parent domain of it) serves <paramref name="url"/>.</summary>
    public string? FindByUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = Bare(uri.Host);
        while (host.Length > 0)
        {
            if (_byHost.TryGetValue(host, out var id))
            {
                return id;
            }

            var dot = host.IndexOf('.', StringComparison.Ordinal);
            host = dot < 0 ? "" : host[(dot + 1)..];
        }

        return null;
    }

    private static string Bare(string host) =>
        host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;
}
