using System.Xml;
using System.Xml.Linq;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Streaming helpers: the top of a feed is walked with the reader so a large feed never becomes one
/// big tree; each item is materialised alone.
/// </summary>
internal static class XmlWalk
{
    /// <summary>
    /// Calls <paramref name="onChild"/> with the reader on each child element of the current element.
    /// The callback must consume that element (read it into a node, skip it, or walk it).
    /// </summary>
    public static void ForEachChildElement(XmlReader reader, Action onChild)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                onChild();
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read();
    }

    public static XElement ReadElement(XmlReader reader) => (XElement)XNode.ReadFrom(reader);

    /// <summary>Applies an xml:base attribute on the reader's current element, if any.</summary>
    public static Uri ApplyXmlBase(XmlReader reader, Uri outer) =>
        Combine(outer, reader.GetAttribute("base", FeedNamespaces.Xml));

    /// <summary>
    /// The base URI in force for <paramref name="element"/>: xml:base attributes from the outermost
    /// ancestor inwards, on top of <paramref name="outer"/> (the base outside the detached item).
    /// </summary>
    public static Uri BaseOf(XElement element, Uri outer)
    {
        var xmlBase = XNamespace.Xml + "base";
        var chain = element.AncestorsAndSelf().Select(e => (string?)e.Attribute(xmlBase)).Where(v => v is not null).Reverse();
        return chain.Aggregate(outer, Combine);
    }

    /// <summary>
    /// An xml:base that does not lead to an http(s) address (javascript:, data:, file:) is ignored, so a
    /// hostile base can neither become a link nor turn the links under it into something else.
    /// </summary>
    private static Uri Combine(Uri outer, string? xmlBase)
    {
        if (string.IsNullOrWhiteSpace(xmlBase))
        {
            return outer;
        }

        return Uri.TryCreate(outer, xmlBase.Trim(), out var combined) && FeedReadContext.IsWeb(combined) ? combined : outer;
    }
}
