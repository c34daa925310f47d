using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Atom text and content constructs, in every form feeds use: Atom 1.0 type="text" | "html" | "xhtml" or a
/// media type, and Atom 0.3 mode="xml" | "escaped" | "base64" beside a media type. The result is always
/// HTML (plain text is escaped), so titles, summaries and content all reach the one HTML-to-text path and
/// markup or base64 is never shown to a reader as it was written.
/// </summary>
internal static partial class AtomText
{
    public static string? AsHtml(XElement element)
    {
        // Out-of-line content (src=...) has no text here to show.
        if (element.Attribute("src") is not null)
        {
            return null;
        }

        var kind = KindOf((string?)element.Attribute("type"));
        var mode = ((string?)element.Attribute("mode"))?.Trim().ToLowerInvariant();
        string? html;
        if (mode == "base64" || kind == TextKind.Binary)
        {
            html = FromBase64(element.Value, kind);
        }
        else if (mode == "escaped")
        {
            html = kind == TextKind.Text ? WebUtility.HtmlEncode(element.Value) : element.Value;
        }
        else
        {
            html = kind switch
            {
                TextKind.Text => WebUtility.HtmlEncode(element.Value),
                // Atom 1.0 escapes html; Atom 0.3's default mode="xml" and careless feeds inline it as elements.
                TextKind.Html => element.HasElements ? InnerMarkup(element) : element.Value,
                _ => InnerMarkup(element),
            };
        }

        return string.IsNullOrWhiteSpace(html) ? null : html;
    }

    private static TextKind KindOf(string? type)
    {
        var value = type?.Trim().ToLowerInvariant();
        return value switch
        {
            null or "" or "text" or "text/plain" => TextKind.Text,
            "html" or "text/html" => TextKind.Html,
            "xhtml" or "application/xhtml+xml" => TextKind.Markup,
            _ when value.EndsWith("/xml", StringComparison.Ordinal) || value.EndsWith("+xml", StringComparison.Ordinal) => TextKind.Markup,
            // Atom 1.0: other text/* types are text, and anything that is neither text nor XML is base64.
            _ when value.StartsWith("text/", StringComparison.Ordinal) => TextKind.Text,
            _ => TextKind.Binary,
        };
    }

    /// <summary>
    /// Decoded once (a payload that is itself base64 stays text). Bytes that are not text (an image) give
    /// nothing; text of an unknown media type (application/octet-stream) is read as HTML, the reading
    /// that never shows tags. Base64 is smaller than what it encodes, so decoding cannot inflate a feed.
    /// </summary>
    private static string? FromBase64(string encoded, TextKind kind)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(encoded.Trim());
        }
        catch (FormatException)
        {
            return null;
        }

        var text = FeedTextDecoder.DecodeFragment(bytes);
        if (text is null)
        {
            return null;
        }

        return kind == TextKind.Text ? WebUtility.HtmlEncode(text) : text;
    }

    /// <summary>The child nodes as markup; the spec wraps xhtml in one div that is not part of the content.</summary>
    private static string InnerMarkup(XElement element)
    {
        var container = element.Elements().Count() == 1 && element.Elements().Single() is { Name.LocalName: "div" } div
            && string.IsNullOrWhiteSpace(string.Concat(element.Nodes().OfType<XText>().Select(t => t.Value)))
            ? div
            : element;
        var markup = string.Concat(container.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
        return DefaultNamespaceDeclaration().Replace(markup, "");
    }

    // Detached children carry their namespace along (xmlns="http://www.w3.org/1999/xhtml"); HTML has no use for it.
    [GeneratedRegex("""(?<=<[^<>]*) xmlns="[^"]*"(?=[\s/>])""")]
    private static partial Regex DefaultNamespaceDeclaration();

    private enum TextKind
    {
        Text,
        Html,
        Markup,
        Binary,
    }
}
