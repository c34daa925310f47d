using System.Text.RegularExpressions;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>The document type declaration before the root element, if the text has one.</summary>
/// <param name="Name">The declared root name ("rss", "html"); empty when none could be read.</param>
/// <param name="HasInternalSubset">Declarations inside [ ] (where entities, and entity attacks, live), or anything unrecognised.</param>
internal sealed partial record XmlProlog(string Name, bool HasInternalSubset)
{
    /// <summary>Scans only the prolog (declaration, comments, processing instructions), never the document.</summary>
    public static XmlProlog? FindDoctype(string text)
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
                // Anything but a name and external identifiers before the closing '>' (a subset, or syntax we
                // do not know) counts as the dangerous kind.
                var match = DoctypePattern().Match(text, next + 9);
                return new XmlProlog(match.Groups["name"].Value, HasInternalSubset: !match.Groups["end"].Success);
            }
            else
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The position after the next <paramref name="terminator"/>, or the end of the text.</summary>
    public static int SkipPast(string text, int start, string terminator)
    {
        var end = text.IndexOf(terminator, start, StringComparison.Ordinal);
        return end < 0 ? text.Length : end + terminator.Length;
    }

    // <!DOCTYPE name [PUBLIC "id" "uri" | SYSTEM "uri"] >; quoted literals may hold '[' or '>'.
    [GeneratedRegex("""\G\s*(?<name>[^\s\[>]*)\s*(?:(?:PUBLIC\s*(?:"[^"]*"|'[^']*')\s*|SYSTEM\s*)(?:"[^"]*"|'[^']*')?\s*)?(?<end>>)?""")]
    private static partial Regex DoctypePattern();
}
