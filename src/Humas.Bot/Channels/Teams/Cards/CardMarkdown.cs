using System.Text;

namespace Humas.Bot.Channels.Teams.Cards;

/// <summary>
/// An Adaptive Card TextBlock reads its text as Markdown, so a title, summary or tip that says
/// <c>[Klik](https://phish.example)</c>, <c>&lt;https://…&gt;</c> or <c>**PENTING**</c> would become a link or
/// formatting under the bot's name. Everything that is not ours is escaped with backslashes (CommonMark escapes
/// any ASCII punctuation); a bare "scheme://" is broken up the same way so clients do not auto-link it.
/// </summary>
public static class CardMarkdown
{
    private const string Special = "\\`*_{}[]()<>#!|~";

    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Special.Contains(c, StringComparison.Ordinal)
                || (c == ':' && i + 2 < text.Length && text[i + 1] == '/' && text[i + 2] == '/')
                || (lineStart && c is '-' or '+' or '=')
                || (c == '.' && i > 0 && char.IsAsciiDigit(text[i - 1]) && LineIsDigitsBefore(text, i)))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
            if (c == '\n')
            {
                lineStart = true;
            }
            else if (!char.IsWhiteSpace(c))
            {
                lineStart = false;
            }
        }

        return escaped.ToString();
    }

    /// <summary>A link whose visible text is escaped and whose target is an http(s) URL we chose.</summary>
    public static string Link(string text, string url) =>
        $"[{Escape(text)}]({url.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal)})";

    /// <summary>"12." at the start of a line would open an ordered list.</summary>
    private static bool LineIsDigitsBefore(string text, int dot)
    {
        var i = dot - 1;
        while (i >= 0 && char.IsAsciiDigit(text[i]))
        {
            i--;
        }

        while (i >= 0 && text[i] is ' ' or '\t')
        {
            i--;
        }

        return i < 0 || text[i] == '\n';
    }
}
