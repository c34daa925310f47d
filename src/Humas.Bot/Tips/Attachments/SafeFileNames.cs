using System.Text;

namespace Humas.Bot.Tips.Attachments;

/// <summary>
/// Names for files on our disk. The original name is untrusted ("../../etc/passwd", "con.txt", control
/// characters, 300 characters of emoji), so the stored name keeps only a short, plain version of it after the
/// attachment's id, which alone makes it unique. The original stays in the database row.
/// </summary>
public static class SafeFileNames
{
    private const int MaxStem = 60;

    public static string For(long attachmentId, string? originalName, string kind)
    {
        var name = Path.GetFileName((originalName ?? "").Replace('\\', '/'));
        var extension = Clean(Path.GetExtension(name).TrimStart('.'), 10);
        var stem = Clean(Path.GetFileNameWithoutExtension(name), MaxStem);
        if (stem.Length == 0)
        {
            stem = Clean(kind, 16);
        }

        return extension.Length == 0 ? $"{attachmentId}-{stem}" : $"{attachmentId}-{stem}.{extension.ToLowerInvariant()}";
    }

    private static string Clean(string value, int max)
    {
        var text = new StringBuilder();
        foreach (var c in value)
        {
            if (text.Length == max)
            {
                break;
            }

            text.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return text.ToString().Trim('_');
    }
}
