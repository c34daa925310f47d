using System.Globalization;
using System.Text;

namespace Humas.Bot.Search;

/// <summary>
/// The one definition of a word, for search terms and followed keywords alike: a run of letters, digits and
/// combining marks, folded to lower case culture-invariantly (Indonesian has no case rules of its own, and a
/// reader's device culture must not change what matches). Everything else separates words, so "COVID-19" is
/// the words "covid" and "19", and "Jakarta," is "jakarta".
/// </summary>
public static class TextWords
{
    /// <summary>The words of <paramref name="text"/> in order, lower-cased; repeats kept.</summary>
    public static IEnumerable<string> Split(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsWordRune(rune))
            {
                word.Append(rune.ToString());
            }
            else if (word.Length > 0)
            {
                yield return word.ToString().ToLowerInvariant();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString().ToLowerInvariant();
        }
    }

    private static bool IsWordRune(Rune rune) =>
        Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
