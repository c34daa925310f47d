using System.Text.RegularExpressions;
using System.Xml;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>Turns reader exceptions into one-line <see cref="FeedFormatException"/> messages an operator can act on.</summary>
internal static partial class XmlFailure
{
    public static FeedFormatException From(XmlException exception, XmlProlog? doctype)
    {
        // An HTML doctype means the URL serves a web page, which is the real news.
        if (doctype is { } d && d.Name.Equals("html", StringComparison.OrdinalIgnoreCase))
        {
            return NotAFeedHtml(exception);
        }

        var reason = LineInfoSuffix().Replace(exception.Message, "").ReplaceLineEndings(" ").Trim();
        return new FeedFormatException($"invalid XML at line {exception.LineNumber}: {reason}", exception);
    }

    public static FeedFormatException DtdsNotAllowed() => new("DTDs are not allowed");

    public static FeedFormatException NotAFeedHtml(Exception? inner = null) => new("not a feed: root element <html>", inner);

    [GeneratedRegex(@"\s*Line \d+, position \d+\.\s*$")]
    private static partial Regex LineInfoSuffix();
}
