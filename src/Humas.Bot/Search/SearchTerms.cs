using System.Globalization;
using System.Text;

namespace Humas.Bot.Search;

/// <summary>
/// What a reader typed after <c>/cari</c>, reduced to words: runs of letters and digits, lower-cased, at most
/// <see cref="MaxTerms"/> of at most <see cref="MaxTermLength"/> characters, read from the first
/// <see cref="MaxInputLength"/> characters. Everything else (quotes, *, :, &amp;, |, !, parentheses, -, NEAR,
/// operators) separates words, so no input can reach either database's query syntax: each word is matched as
/// a word (and as the start of a longer one, so "beasiswa" finds "beasiswanya"), all words must match.
/// </summary>
public sealed record SearchTerms(IReadOnlyList<string> Words)
{
    public const int MaxInputLength = 200;
    public const int MaxTerms = 8;
    public const int MaxTermLength = 64;

    public bool IsEmpty => Words.Count == 0;

    /// <summary>The words as a reader can be shown them back ("banjir jakarta").</summary>
    public override string ToString() => string.Join(' ', Words);

    public static SearchTerms Parse(string? input)
    {
        var text = input ?? "";
        if (text.Length > MaxInputLength)
        {
            text = text[..MaxInputLength];
        }

        var words = new List<string>();
        var word = new StringBuilder();
        void Flush()
        {
            if (word.Length > 0 && words.Count < MaxTerms)
            {
                var w = word.ToString().ToLowerInvariant();
                if (!words.Contains(w, StringComparer.Ordinal))
                {
                    words.Add(w.Length > MaxTermLength ? w[..MaxTermLength] : w);
                }
            }

            word.Clear();
        }

        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsLetterOrDigit(rune) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                word.Append(rune.ToString());
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return new SearchTerms(words);
    }

    /// <summary>SQLite FTS5: every word a quoted prefix query, implicitly AND-ed (<c>"banjir"* "jakarta"*</c>).</summary>
    public string ToFts5() => string.Join(' ', Words.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"*"));

    /// <summary>PostgreSQL to_tsquery: every word a prefix, AND-ed (<c>banjir:* &amp; jakarta:*</c>).</summary>
    public string ToTsQuery() => string.Join(" & ", Words.Select(w => w + ":*"));
}
