using System.Text.RegularExpressions;
using System.Xml;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>Turns reader exceptions into one-line <see cref="FeedFormatException"/> messages an operator can act on.</summary>
internal static partial class XmlFailure
{
    public static FeedFormatException From(XmlException exception, string text)
    {
        // DTDs are refused by the reader settings; say so plainly instead of echoing the framework's advice
        // to enable DTD processing. An HTML doctype means the URL serves a web page, which is the real news.
        if (DoctypeName(text) is { } doctype)
        {
            return doctype.Equals("html", StringComparison.OrdinalIgnoreCase)
                ? new FeedFormatException("not a feed: root element <html>", exception)
                : new FeedFormatException("DTDs are not allowed", exception);
        }

        var reason = LineInfoSuffix().Replace(exception.Message, "").ReplaceLineEndings(" ").Trim();
        return new FeedFormatException($"invalid XML at line {exception.LineNumber}: {reason}", exception);
    }

    /// <summary>The name in a &lt;!DOCTYPE&gt; before the first element, or null when the prolog has none.</summary>
    private static string? DoctypeName(string text)
    {
        var position = 0;
        while (position < text.Length)
        {
            var next = text.IndexOf('<', position);
            if (next < 0)
            {
                return null;
            }

            if (string.CompareOrdinal(text, next, "<?", 0, 2) == 0)
            {
                position = SkipPast(text, next, "?>");
            }
            else if (string.CompareOrdinal(text, next, "<!--", 0, 4) == 0)
            {
                position = SkipPast(text, next, "-->");
            }
            else if (string.Compare(text, next, "<!DOCTYPE", 0, 9, StringComparison.OrdinalIgnoreCase) == 0)
            {
                var name = DoctypeNamePattern().Match(text, next + 9);
                return name.Success ? name.Groups[1].Value : "";
            }
            else
            {
                return null;
            }
        }

        return null;
    }

    private static int SkipPast(string text, int start, string terminator)
    {
        var end = text.IndexOf(terminator, start, StringComparison.Ordinal);
        return end < 0 ? text.Length : end + terminator.Length;
    }

    [GeneratedRegex(@"\s*Line \d+, position \d+\.\s*$")]
    private static partial Regex LineInfoSuffix();

    [GeneratedRegex(@"\G\s*([^\s\[>]*)")]
    private static partial Regex DoctypeNamePattern();
}
