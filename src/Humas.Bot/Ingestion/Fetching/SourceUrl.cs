namespace Humas.Bot.Ingestion.Fetching;

public static class SourceUrl
{
    /// <summary>
    /// A source URL as configured, made absolute. <c>file:</c> URLs may be relative
    /// (<c>file:Demo/berita-humas.xml</c>) and resolve against the app's folder, where the bundled demo
    /// files are copied, so the demo works from any working directory.
    /// </summary>
    public static Uri Resolve(string url)
    {
        const string prefix = "file:";
        if (url.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            var relative = Uri.UnescapeDataString(url[prefix.Length..]);
            return new Uri(Path.GetFullPath(relative, AppContext.BaseDirectory));
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var absolute)
            ? absolute
            : throw new FetchException($"not an absolute URL: {url}", permanent: true);
    }
}
