using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Atom text constructs (type="text" | "html" | "xhtml"). Summary and content become HTML (plain text is
/// escaped so every HTML field downstream means the same thing); titles become plain text.
/// </summary>
internal static partial class AtomText
{
    private const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";

    public static string? AsHtml(XElement element)
    {
        // Out-of-line content (src=...) has no text here to show.
        if (element.Attribute("src") is not null)
        {
            return null;
        }

        var html = KindOf(element) switch
        {
            TextKind.Html => element.Value,
            TextKind.Xhtml => XhtmlInner(element),
            TextKind.Text => WebUtility.HtmlEncode(element.Value),
            _ => null,
        };
        return ItemExtensions.NonEmpty(html);
    }

    public static string? AsPlainText(XElement element)
    {
        var text = KindOf(element) switch
        {
            TextKind.Html => WebUtility.HtmlDecode(TagPattern().Replace(element.Value, "")),
            _ => element.Value,
        };
        return ItemExtensions.NonEmpty(text)?.Trim();
    }

    private static TextKind KindOf(XElement element)
    {
        var type = ((string?)element.Attribute("type"))?.Trim().ToLowerInvariant();
        return type switch
        {
            null or "" or "text" or "text/plain" => TextKind.Text,
            "html" or "text/html" => TextKind.Html,
            "xhtml" or "application/xhtml+xml" => TextKind.Xhtml,
            _ => TextKind.Unsupported,
        };
    }

    private static string XhtmlInner(XElement element)
    {
        // The spec wraps xhtml content in one div that is not part of the content.
        var container = element.Element(XName.Get("div", XhtmlNamespace)) ?? element;
        var markup = string.Concat(container.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
        return markup.Replace($" xmlns=\"{XhtmlNamespace}\"", "", StringComparison.Ordinal);
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();

    private enum TextKind
    {
        Text,
        Html,
        Xhtml,
        Unsupported,
    }
}
