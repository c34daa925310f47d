using System.Buffers;
using System.Net;
using System.Text;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// Feeds use HTML's named entities (&amp;nbsp; &amp;eacute; &amp;ndash;) without declaring them: RSS 0.91's
/// Netscape DTD declared them, and CMS templates copy them from web pages. XML knows only five names, and we
/// never read a DTD, so such a feed would be refused whole. Before parsing, every reference to a name HTML
/// defines becomes the equivalent numeric reference; unknown names are left for the parser to report.
/// Numeric references expand to one character each, so nothing here can inflate a document.
/// </summary>
internal static class HtmlEntityReferences
{
    private const int MaxNameLength = 32;

    private static readonly SearchValues<char> MarkupStarts = SearchValues.Create("&<");

    private static readonly SearchValues<char> AsciiLettersAndDigits =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    public static string Rewrite(string text)
    {
        if (!HasCandidate(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 64);
        var copied = 0;
        var position = 0;
        while (position < text.Length)
        {
            var found = text.AsSpan(position).IndexOfAny(MarkupStarts);
            if (found < 0)
            {
                break;
            }

            var next = position + found;
            if (text[next] == '<')
            {
                // Entity references are not recognised in CDATA sections, comments and processing instructions.
                position = SkipMarkupNotParsedForReferences(text, next);
                continue;
            }

            var end = text.IndexOf(';', next + 1, Math.Min(MaxNameLength + 1, text.Length - next - 1));
            position = next + 1;
            if (end < 0)
            {
                continue;
            }

            var name = text.AsSpan(next + 1, end - next - 1);
            if (!IsName(name) || IsXmlPredefined(name))
            {
                continue;
            }

            var decoded = WebUtility.HtmlDecode(text.Substring(next, end - next + 1));
            if (decoded.Length == 0 || decoded[0] == '&')
            {
                continue;
            }

            builder.Append(text, copied, next - copied);
            foreach (var rune in decoded.EnumerateRunes())
            {
                builder.Append("&#").Append(rune.Value).Append(';');
            }

            copied = end + 1;
            position = copied;
        }

        if (copied == 0)
        {
            return text;
        }

        builder.Append(text, copied, text.Length - copied);
        return builder.ToString();
    }

    /// <summary>Cheap pre-check: no '&amp;' followed by a letter means nothing to rewrite.</summary>
    private static bool HasCandidate(string text)
    {
        for (var i = text.IndexOf('&'); i >= 0 && i + 1 < text.Length; i = text.IndexOf('&', i + 1))
        {
            if (char.IsAsciiLetter(text[i + 1]))
            {
                return true;
            }
        }

        return false;
    }

    private static int SkipMarkupNotParsedForReferences(string text, int start)
    {
        if (string.CompareOrdinal(text, start, "<![CDATA[", 0, 9) == 0)
        {
            return XmlProlog.SkipPast(text, start + 9, "]]>");
        }

        if (string.CompareOrdinal(text, start, "<!--", 0, 4) == 0)
        {
            return XmlProlog.SkipPast(text, start + 4, "-->");
        }

        if (string.CompareOrdinal(text, start, "<?", 0, 2) == 0)
        {
            return XmlProlog.SkipPast(text, start + 2, "?>");
        }

        return start + 1;
    }

    private static bool IsName(ReadOnlySpan<char> name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && !name.ContainsAnyExcept(AsciiLettersAndDigits);

    private static bool IsXmlPredefined(ReadOnlySpan<char> name) =>
        name is "amp" or "lt" or "gt" or "quot" or "apos";
}
