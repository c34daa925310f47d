using System.Xml.Linq;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>Atom's link relations and person constructs, wherever they appear (Atom feeds, Atom elements inside RSS).</summary>
internal static class AtomLinks
{
    private const string IanaRelations = "http://www.iana.org/assignments/relation/";

    /// <summary>No rel means "alternate" in Atom; the full IANA IRI is the same relation.</summary>
    public static bool IsAlternate(XElement link) => Relation(link) is "" or "alternate";

    public static bool IsEnclosure(XElement link) => Relation(link) == "enclosure";

    /// <summary>A person's name: Atom's &lt;name&gt; child, or the element's text (RSS author, dc:creator style).</summary>
    public static string? PersonName(XElement person)
    {
        var name = person.Elements().FirstOrDefault(e => FeedNamespaces.Is(e.Name, "name"));
        return ItemExtensions.NonEmpty(name is not null ? name.Value : person.HasElements ? null : person.Value)?.Trim();
    }

    private static string Relation(XElement link)
    {
        var rel = ((string?)link.Attribute("rel"))?.Trim() ?? "";
        return rel.StartsWith(IanaRelations, StringComparison.OrdinalIgnoreCase) ? rel[IanaRelations.Length..] : rel;
    }
}
