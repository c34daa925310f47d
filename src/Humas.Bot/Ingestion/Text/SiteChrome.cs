using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Humas.Bot.Ingestion.Text;

/// <summary>
/// What the ministries' pages put around an article: share bars, view counters, the five-counter
/// reaction footer, related news and archive sidebars. Removed twice: as elements (by tag, class or
/// id) when there is HTML, and as text lines because the same words also arrive as plain text.
/// </summary>
internal static partial class SiteChrome
{
    private static readonly HashSet<string> DroppedTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "nav", "form", "iframe", "frame", "frameset", "object", "embed",
        "applet", "svg", "math", "canvas", "button", "input", "select", "textarea", "option", "head", "title",
        "meta", "link", "base", "aside", "footer", "audio", "video", "source", "track", "map", "dialog",
    };

    // Class and id names whose parts (split at "-" and "_") start with these mark chrome on the seed
    // sites and in common CMS themes: "share-buttons", "post_share_bottom", "relatedposts", "sidebar".
    private static readonly string[] ChromeNameParts =
    [
        "share", "sharing", "social", "sosmed", "related", "terkait", "breadcrumb", "sidebar", "reaction", "komentar",
        "comment", "advert", "iklan", "navbar", "pagination", "arsip", "archive", "popular", "populer",
    ];

    // Layout words: "content-sidebar-wrap" and "has-sidebar" wrap the article, they are not the sidebar.
    private static readonly string[] LayoutParts = ["wrap", "container", "layout", "has", "with", "content", "main", "body", "page", "row", "col"];

    private static readonly HashSet<string> ChromeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "tags", "tag", "menu", "views", "view-count", "hits", "dibaca", "counter", "print", "rating",
    };

    // The document's frame is never chrome, whatever classes a theme puts on it.
    private static readonly HashSet<string> FrameTags = new(StringComparer.OrdinalIgnoreCase) { "html", "body", "main", "article" };

    // Class attributes longer than this are not read: nobody names a share bar with a kilobyte.
    private const int MaxNameLength = 2_000;

    public static bool IsDroppedElement(IElement element)
    {
        if (DroppedTags.Contains(element.LocalName) || element.HasAttribute("hidden")
            || string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var style = element.GetAttribute("style");
        if (style is not null && style.Length < MaxNameLength && HiddenStyle().IsMatch(style))
        {
            return true;
        }

        return !FrameTags.Contains(element.LocalName)
            && (HasChromeName(element.GetAttribute("class")) || HasChromeName(element.GetAttribute("id")));
    }

    private static bool HasChromeName(string? names)
    {
        if (string.IsNullOrEmpty(names) || names.Length > MaxNameLength)
        {
            return false;
        }

        foreach (var name in names.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (ChromeNames.Contains(name))
            {
                return true;
            }

            var parts = name.Split(['-', '_'], StringSplitOptions.RemoveEmptyEntries);
            var layout = parts.Any(p => LayoutParts.Any(l => p.StartsWith(l, StringComparison.OrdinalIgnoreCase)));
            if (!layout && parts.Any(p => ChromeNameParts.Any(c => p.StartsWith(c, StringComparison.OrdinalIgnoreCase))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Drops chrome lines; "Berita Terkait" and the sidebar headings end the article.</summary>
    public static List<List<string>> FilterLines(List<List<string>> paragraphs)
    {
        var kept = new List<List<string>>();
        var seenContent = false;
        var inReactionFooter = false;
        foreach (var paragraph in paragraphs)
        {
            var lines = new List<string>();
            foreach (var line in paragraph)
            {
                if (TailHeading().IsMatch(line))
                {
                    // A sidebar heading above the article (some layouts put it first) only loses itself.
                    if (seenContent)
                    {
                        AddIfAny(kept, lines);
                        return kept;
                    }

                    continue;
                }

                // Network names are dropped anywhere: a line that is only "Facebook" is a share button.
                if (ShareHeading().IsMatch(line) || ShareNetwork().IsMatch(line))
                {
                    continue;
                }

                if (ReactionQuestion().IsMatch(line))
                {
                    inReactionFooter = true;
                    continue;
                }

                // The footer's counters and their short labels follow the question.
                if (inReactionFooter && (line.Length <= 24 || Counters().IsMatch(line)))
                {
                    continue;
                }

                inReactionFooter = false;

                if (Counters().IsMatch(line) || LoneNumber().IsMatch(line) || ViewCount().IsMatch(line)
                    || SiteLinks().IsMatch(line) || CategoryLine().IsMatch(line) || ReadMore().IsMatch(line))
                {
                    continue;
                }

                lines.Add(line);
                seenContent |= line.Length >= 60;
            }

            AddIfAny(kept, lines);
        }

        return kept;
    }

    private static void AddIfAny(List<List<string>> paragraphs, List<string> lines)
    {
        if (lines.Count > 0)
        {
            paragraphs.Add(lines);
        }
    }

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", Options)]
    private static partial Regex HiddenStyle();

    [GeneratedRegex(@"^(berita terkait|artikel terkait|berita lainnya|berita populer|berita terpopuler|arsip berita|kategori|sorotan media|related news|related articles)\s*:?$", Options)]
    private static partial Regex TailHeading();

    [GeneratedRegex(@"^(bagikan|bagikan berita|bagikan berita ke|bagikan ke|share|share this|share on)\s*:?$", Options)]
    private static partial Regex ShareHeading();

    [GeneratedRegex(@"^(facebook|twitter|x|pinterest|whatsapp|telegram|linkedin|line|email|e-mail|instagram|salin tautan|copy link|print|cetak)$", Options)]
    private static partial Regex ShareNetwork();

    [GeneratedRegex(@"^bagaimana pendapat (anda|kamu) (mengenai|tentang) (artikel|berita) ini\s*\??$", Options)]
    private static partial Regex ReactionQuestion();

    [GeneratedRegex(@"^\d{1,9}( \d{1,9}){4}$", Options)]
    private static partial Regex Counters();

    [GeneratedRegex(@"^[\d.,]{1,12}$", Options)]
    private static partial Regex LoneNumber();

    [GeneratedRegex(@"^((di ?baca|dilihat)( sebanyak)?\s*:?\s*[\d.,]+\s*(kali|x)?|[\d.,]+\s*(kali dibaca|views|x dibaca|x dilihat))$", Options)]
    private static partial Regex ViewCount();

    [GeneratedRegex(@"^(?=.{0,80}$).*\b(peta situs|sitemap)\b.*$", Options)]
    private static partial Regex SiteLinks();

    // kominfo.go.id: "Kategori Berita Kominfo | daon001" (section and uploader's account).
    [GeneratedRegex(@"^kategori\s*:?\s+[^|]{1,60}(\|\s*\S{1,40})?$", Options)]
    private static partial Regex CategoryLine();

    [GeneratedRegex(@"^(baca juga\s*:.*|selengkapnya|baca selengkapnya)$", Options)]
    private static partial Regex ReadMore();
}
