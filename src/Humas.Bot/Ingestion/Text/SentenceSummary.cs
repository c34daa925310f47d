namespace Humas.Bot.Ingestion.Text;

/// <summary>
/// Cuts text to about a target length at a sentence end, so a pushed message reads as whole sentences.
/// Indonesian news is dense with titles and abbreviations ("Plt.", "Dr.", "No.", "s.d.") whose periods
/// are not sentence ends.
/// </summary>
internal static class SentenceSummary
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        // Indonesian titles, ranks and office prefixes.
        "plt", "plh", "pj", "dr", "drs", "dra", "ir", "prof", "h", "hj", "kh", "st", "sh", "se", "mm", "mh", "mt",
        "msi", "mpd", "spd", "ssos", "skom", "kol", "jend", "brigjen", "mayjen", "letjen", "kombes", "kapt", "bpk",
        "sdr", "sdri", "yth", "ttd",
        // Common abbreviations inside sentences.
        "no", "nomor", "jl", "jln", "tsb", "dll", "dsb", "dst", "tgl", "hlm", "kab", "kec", "kel", "prov", "pt",
        "cv", "tbk", "rp", "mr", "mrs", "ms", "vs", "etc", "inc", "ltd", "co", "approx", "ca",
    };

    private const string Ellipsis = "…";

    public static string Summarize(string text, int target)
    {
        var flat = Whitespace.Flatten(text);
        if (target <= 0)
        {
            return "";
        }

        if (flat.Length <= target)
        {
            return flat;
        }

        // "Near" the target: a sentence end from half the target to a quarter past it, the closest wins.
        var min = target / 2;
        var max = target + (target / 4);
        int? best = null;
        foreach (var end in SentenceEnds(flat, max))
        {
            if (end >= min && (best is null || Math.Abs(end - target) < Math.Abs(best.Value - target)))
            {
                best = end;
            }
        }

        if (best is not null)
        {
            return flat[..best.Value].TrimEnd();
        }

        return CutAtWord(flat, target) + Ellipsis;
    }

    /// <summary>Offsets just past each sentence end (punctuation plus closing quotes), up to <paramref name="limit"/>.</summary>
    private static IEnumerable<int> SentenceEnds(string text, int limit)
    {
        for (var i = 0; i < text.Length && i < limit; i++)
        {
            if (text[i] is not ('.' or '!' or '?' or '…'))
            {
                continue;
            }

            var end = i + 1;
            while (end < text.Length && text[end] is '.' or '!' or '?' or '"' or '”' or '’' or '\'' or ')')
            {
                end++;
            }

            if (end > limit)
            {
                yield break;
            }

            if (end == text.Length)
            {
                yield return end;
                yield break;
            }

            // A sentence end is followed by a space and something that can start a sentence.
            if (text[end] != ' ' || end + 1 >= text.Length || !CanStartSentence(text[end + 1]))
            {
                continue;
            }

            if (text[i] == '.' && IsAbbreviation(text, i))
            {
                continue;
            }

            yield return end;
            i = end - 1;
        }
    }

    private static bool CanStartSentence(char c) =>
        char.IsUpper(c) || char.IsDigit(c) || c is '"' or '“' or '‘' or '\'' or '(' or '[';

    /// <summary>The word before the period is a known abbreviation, an initial, or dotted ("s.d").</summary>
    private static bool IsAbbreviation(string text, int period)
    {
        var start = period;
        while (start > 0 && text[start - 1] != ' ')
        {
            start--;
        }

        var word = text[start..period].TrimStart('(', '"', '“', '\'');
        return word.Length == 1 || word.Contains('.') || Abbreviations.Contains(word);
    }

    private static string CutAtWord(string text, int target)
    {
        var cut = text.LastIndexOf(' ', Math.Min(target, text.Length - 1));
        if (cut <= 0)
        {
            // One enormous "word": cut it, but never between the halves of a surrogate pair.
            cut = char.IsLowSurrogate(text[target]) ? target - 1 : target;
        }

        return text[..cut].TrimEnd(' ', ',', ';', ':', '-', '–', '—');
    }
}
