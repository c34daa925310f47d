using System.Text;

namespace Humas.Bot.Channels.Telegram;

/// <summary>
/// Text for Telegram's HTML parse mode. Telegram limits the text after parsing, so lengths here are of the
/// visible text (UTF-16 units, as Telegram counts entity offsets), and cuts are made before escaping.
/// </summary>
public static class TelegramHtml
{
    public const string Ellipsis = "…";

    /// <summary>Only &lt; &gt; &amp; need escaping outside tags; &quot; too inside an attribute.</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("<>&\"") < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                _ => null,
            } ?? c.ToString());
        }

        return builder.ToString();
    }

    /// <summary>
    /// At most <paramref name="max"/> characters: cut at the last word boundary that fits, ending in "…",
    /// and never inside a surrogate pair.
    /// </summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        if (max <= Ellipsis.Length)
        {
            return max <= 0 ? "" : Ellipsis[..max];
        }

        var room = max - Ellipsis.Length;
        var cut = text.LastIndexOfAny([' ', '\n', '\t'], room);
        if (cut < room / 2)
        {
            // One very long word: a hard cut reads better than losing half the text.
            cut = room;
        }

        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut].TrimEnd() + Ellipsis;
    }
}
