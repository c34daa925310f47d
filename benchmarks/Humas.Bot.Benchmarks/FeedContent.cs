using System.Globalization;
using System.Reflection;
using System.Security;
using System.Text;

namespace Humas.Bot.Benchmarks;

/// <summary>
/// The N feeds the server answers with. Feed <c>i</c> at version <c>v</c> holds items <c>v .. v+items-1</c>
/// (newest first); a change publishes one new item and drops the oldest, like a real news feed. Text comes
/// from the five seed articles, rotated per feed and item so every item has its own content hash.
/// </summary>
public sealed class FeedContent
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(7));
    private readonly BenchOptions _options;
    private readonly int[] _versions;
    private readonly string[] _titles;
    private readonly string[] _paragraphs;

    public FeedContent(BenchOptions options)
    {
        _options = options;
        _versions = new int[options.Sources];
        (_titles, _paragraphs) = LoadSeeds();
    }

    public int Count => _versions.Length;

    public static string HostOf(int feed, int feedsPerHost) => $"kementerian-{feed / feedsPerHost:D5}.localhost";

    public static string PathOf(int feed) => $"/feeds/{feed}.xml";

    /// <summary>Publishes one new item in a fixed pseudo-random <paramref name="percent"/> of the feeds; returns how many.</summary>
    public int Advance(int cycle)
    {
        var changed = (int)Math.Round(Count * _options.ChangedPercent / 100.0);
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(1000 + cycle).Shuffle(order);
        foreach (var feed in order.AsSpan(0, changed))
        {
            Interlocked.Increment(ref _versions[feed]);
        }

        return changed;
    }

    public string ETagOf(int feed) => $"\"f{feed}-v{Volatile.Read(ref _versions[feed])}\"";

    public byte[] Render(int feed, out string etag)
    {
        var version = Volatile.Read(ref _versions[feed]);
        etag = $"\"f{feed}-v{version}\"";
        var host = HostOf(feed, _options.FeedsPerHost);
        var sb = new StringBuilder(64 * 1024);
        sb.Append("""<?xml version="1.0" encoding="UTF-8"?>""").Append('\n')
          .Append("""<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">""")
          .Append("<channel><title>Berita Humas ").Append(feed).Append("</title>")
          .Append("<link>https://").Append(host).Append("/</link>")
          .Append("<description>Siaran pers dan berita terkini</description><language>id</language>");
        var newest = version + _options.ItemsPerFeed - 1;
        for (var seq = newest; seq >= version; seq--)
        {
            AppendItem(sb, feed, seq, host);
        }

        sb.Append("</channel></rss>");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private void AppendItem(StringBuilder sb, int feed, int seq, string host)
    {
        var title = $"{_titles[(feed + seq) % _titles.Length]} ({feed}/{seq})";
        var link = $"https://{host}/berita/{feed}/{seq}/{Slug(title)}";
        var published = Epoch.AddHours(seq).AddMinutes(feed % 60);
        var first = (feed * 7 + seq * 3) % _paragraphs.Length;
        var body = new StringBuilder();
        for (var p = 0; p < 4; p++)
        {
            body.Append("<p>").Append(SecurityElement.Escape(_paragraphs[(first + p) % _paragraphs.Length])).Append("</p>");
        }

        body.Append("<p>(").Append(feed).Append('-').Append(seq).Append(" – Humas)</p>");
        var summary = _paragraphs[first];
        summary = summary.Length > 280 ? summary[..280] + "…" : summary;
        sb.Append("<item><title>").Append(SecurityElement.Escape(title)).Append("</title>")
          .Append("<link>").Append(link).Append("</link>")
          .Append("<guid isPermaLink=\"true\">").Append(link).Append("</guid>")
          .Append("<pubDate>").Append(published.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)).Append(" +0700</pubDate>")
          .Append("<dc:creator>Humas</dc:creator><category>Berita</category>")
          .Append("<description>").Append(SecurityElement.Escape(summary)).Append("</description>")
          .Append("<content:encoded><![CDATA[").Append(body).Append("]]></content:encoded>")
          .Append("<enclosure url=\"https://").Append(host).Append("/foto/").Append(feed).Append('-').Append(seq)
          .Append(".jpg\" type=\"image/jpeg\" length=\"12345\"/>")
          .Append("</item>");
    }

    private static string Slug(string title)
    {
        var sb = new StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }

            if (sb.Length >= 60)
            {
                break;
            }
        }

        return sb.ToString().Trim('-');
    }

    /// <summary>Titles (first lines) and paragraphs (longer lines) of the embedded seed articles.</summary>
    private static (string[] Titles, string[] Paragraphs) LoadSeeds()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var titles = new List<string>();
        var paragraphs = new List<string>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Seeds.", StringComparison.Ordinal)).Order())
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!, Encoding.UTF8);
            var lines = reader.ReadToEnd().Split('\n').Select(l => l.Replace('\u00a0', ' ').Trim()).Where(l => l.Length > 0).ToList();
            titles.Add(lines[0]);
            paragraphs.AddRange(lines.Skip(1).Where(l => l.Length >= 120));
        }

        if (titles.Count == 0 || paragraphs.Count == 0)
        {
            throw new InvalidOperationException("the embedded seed articles are missing");
        }

        return (titles.ToArray(), paragraphs.ToArray());
    }
}
