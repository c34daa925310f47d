using System.Text;

namespace Humas.Bot.Ingestion.Text;

/// <summary>
/// One line of text as readers should see it: the seeds carry NBSP runs, zero-width marks and tabs
/// that look like nothing on the site but break matching and message layout.
/// </summary>
internal static class Whitespace
{
    /// <summary>Every kind of space becomes one ASCII space, invisible characters go, the ends are trimmed.</summary>
    public static string NormalizeLine(ReadOnlySpan<char> line)
    {
        var builder = new StringBuilder(line.Length);
        var pendingSpace = false;
        foreach (var c in line)
        {
            if (IsInvisible(c))
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Plain text as paragraphs of lines: blank lines separate paragraphs.</summary>
    public static List<List<string>> SplitParagraphs(string text)
    {
        var paragraphs = new List<List<string>>();
        var current = new List<string>();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
        {
            var line = NormalizeLine(raw);
            if (line.Length > 0)
            {
                current.Add(line);
            }
            else if (current.Count > 0)
            {
                paragraphs.Add(current);
                current = [];
            }
        }

        if (current.Count > 0)
        {
            paragraphs.Add(current);
        }

        return paragraphs;
    }

    public static string JoinParagraphs(IEnumerable<IReadOnlyList<string>> paragraphs) =>
        string.Join("\n\n", paragraphs.Where(p => p.Count > 0).Select(p => string.Join('\n', p)));

    /// <summary>Everything on one line, for summaries and matching.</summary>
    public static string Flatten(string text) => NormalizeLine(text);

    private static bool IsInvisible(char c) =>
        c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD' or '\u180E';
}
