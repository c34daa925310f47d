using System.Text.RegularExpressions;

namespace Humas.Bot.Ingestion.Text;

/// <summary>
/// Humas offices sign articles at the end: "(SPU – Humas Kemensetneg)", "(ddh/dps)" as the writer's and
/// editor's initials, or a labelled "Pewarta : Asriani/Nova". Photo credits look alike and are not bylines.
/// </summary>
internal static partial class BylineFinder
{
    public static string? Find(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var labelled = Labelled().Matches(text);
        if (labelled.Count > 0)
        {
            return Clean(labelled[^1].Groups["who"].Value);
        }

        // The last signature wins: earlier parentheses are asides inside the story.
        string? found = null;
        foreach (Match match in Parenthesised().Matches(text))
        {
            var inner = Whitespace.NormalizeLine(match.Groups["who"].Value);
            if (!PhotoCredit().IsMatch(inner) && (Initials().IsMatch(inner) || CodeAndOffice().IsMatch(inner)
                || inner.Contains("Humas", StringComparison.OrdinalIgnoreCase)))
            {
                found = inner;
            }
        }

        return found;
    }

    private static string? Clean(string value)
    {
        var cleaned = Whitespace.NormalizeLine(value);
        return cleaned.Length > 0 ? cleaned : null;
    }

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline;

    [GeneratedRegex(@"^[^\S\n]*(pewarta|penulis|reporter|editor|redaktur)[^\S\n]*:[^\S\n]*(?<who>[^\n]{2,80}?)[^\S\n]*$", Options, 500)]
    private static partial Regex Labelled();

    // A parenthesis that closes its line: bylines end the last paragraph.
    [GeneratedRegex(@"\((?<who>[^()\n]{2,60})\)[^\S\n]*\.?[^\S\n]*$", Options, 500)]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"^(foto|photo|sumber|source|ilustrasi|dok)\b", Options)]
    private static partial Regex PhotoCredit();

    // "ddh/dps", "ant/ags": writer and editor initials.
    [GeneratedRegex(@"^[a-z]{2,6}(\s*/\s*[a-z]{2,6})+$", Options)]
    private static partial Regex Initials();

    // "SPU – Humas Kemensetneg", "FAF - Humas Kemensetneg".
    [GeneratedRegex(@"^[A-Z]{2,6}\s*[-–—]\s*\S.{0,50}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeAndOffice();
}
