namespace Humas.Bot.Ingestion.Identity;

/// <summary>
/// One spelling per article URL, so the same story reached by different links is one article:
/// scheme-insensitive (http equals https), host lower-cased without "www.", default port, fragment,
/// <c>utm_*</c>, <c>fbclid</c> and <c>gclid</c> and a trailing slash dropped; other query parameters kept
/// in their order because news sites route on them (<c>?p=123</c>).
/// </summary>
public static class UrlCanonicalizer
{
    private static readonly string[] DroppedParameters = ["fbclid", "gclid", "mc_cid", "mc_eid"];

    public static string Canonicalize(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("An absolute URL is required.", nameof(url));
        }

        var host = url.IdnHost.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }

        var path = url.AbsolutePath;
        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path.TrimEnd('/');
        }

        if (path == "/")
        {
            path = "";
        }

        var query = string.Join('&', url.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !IsTracking(p.Split('=', 2)[0])));
        var port = url.IsDefaultPort || (url.Scheme is "http" or "https" && url.Port is 80 or 443) ? "" : $":{url.Port}";
        var scheme = url.Scheme is "http" or "https" ? "web" : url.Scheme;
        return $"{scheme}://{host}{port}{path}{(query.Length > 0 ? "?" + query : "")}";
    }

    public static bool TryCanonicalize(string? url, out string canonical)
    {
        canonical = "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }

        canonical = Canonicalize(uri);
        return true;
    }

    private static bool IsTracking(string name)
    {
        var decoded = Uri.UnescapeDataString(name);
        return decoded.StartsWith("utm_", StringComparison.OrdinalIgnoreCase)
            || DroppedParameters.Contains(decoded, StringComparer.OrdinalIgnoreCase);
    }
}
