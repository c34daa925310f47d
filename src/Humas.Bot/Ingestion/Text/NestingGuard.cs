using System.Text;

namespace Humas.Bot.Ingestion.Text;

/// <summary>
/// The HTML tree builder slows down sharply on very deep nesting (checks walk the open-element stack),
/// so a hostile page of a few thousand nested tags would stall a poll. Such input is flattened first:
/// no real article nests anywhere near <see cref="MaxDepth"/> deep.
/// </summary>
internal static class NestingGuard
{
    public const int MaxDepth = 400;

    // Never open a level: void elements, and those whose end tag is implied by the next sibling.
    private static readonly HashSet<string> NonNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "!doctype",
    };

    /// <summary>A linear over-estimate of nesting depth; true once it passes <see cref="MaxDepth"/>.</summary>
    public static bool IsTooDeep(string html)
    {
        var depth = 0;
        for (var i = html.IndexOf('<'); i >= 0 && i < html.Length - 1; i = html.IndexOf('<', i + 1))
        {
            if (html[i + 1] == '/')
            {
                depth = Math.Max(0, depth - 1);
                continue;
            }

            var end = i + 1;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
            {
                end++;
            }

            if (end == i + 1 || NonNesting.Contains(html[(i + 1)..end]))
            {
                continue;
            }

            var close = html.IndexOf('>', end);
            if (close > 0 && html[close - 1] == '/')
            {
                continue;
            }

            if (++depth > MaxDepth)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Markup reduced to text and line breaks, in one linear pass. Left-over angle brackets are escaped
    /// so that stripping cannot assemble new tags ("&lt;&lt;b&gt;div&gt;"); entities are still decoded by the parser.
    /// </summary>
    public static string Flatten(string html)
    {
        var output = new StringBuilder(html.Length);
        var breakPending = false;
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            var close = c == '<' ? html.IndexOfAny(['<', '>'], i + 1) : -1;
            if (c != '<' || close < 0 || html[close] == '<')
            {
                // Text, or a bracket that opens no tag: kept as an escaped character.
                if (breakPending && !char.IsWhiteSpace(c))
                {
                    output.Append("<br><br>");
                    breakPending = false;
                }

                output.Append(c == '<' ? "&lt;" : c.ToString());
                i++;
                continue;
            }

            var isEndTag = i + 1 < html.Length && html[i + 1] == '/';
            var name = TagName(html, i + 1);
            i = close + 1;
            if (!isEndTag && Code.Contains(name))
            {
                // Script and style text is code, not words: skip to the element's end tag.
                var end = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                i = end < 0 ? html.Length : end;
            }
            else if (Blocks.Contains(name))
            {
                breakPending = true;
            }
        }

        return output.ToString();
    }

    private static string TagName(string html, int start)
    {
        if (start < html.Length && html[start] == '/')
        {
            start++;
        }

        var end = start;
        while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
        {
            end++;
        }

        return html[start..end];
    }

    private static readonly HashSet<string> Code = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "textarea", "title",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote", "ul", "ol",
        "br", "header", "main", "figure", "figcaption", "table",
    };
}
