using System.Globalization;
using System.Text;
using Humas.Bot.Host;

namespace Humas.Bot.Ingestion.Identity;

/// <summary>
/// A hash of what a story says, blind to markup, case, punctuation and whitespace, so the same story
/// re-published by a second source (another URL, another guid) is recognised.
/// </summary>
public static class ContentFingerprint
{
    public static string Compute(string title, string body)
    {
        var normalized = new StringBuilder(title.Length + body.Length);
        Append(normalized, title);
        normalized.Append('|');
        Append(normalized, body);
        return TextDigest.Sha256Hex(normalized.ToString());
    }

    private static void Append(StringBuilder target, string text)
    {
        var pendingSpace = false;
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && target.Length > 0)
                {
                    target.Append(' ');
                }

                target.Append(char.ToLower(c, CultureInfo.InvariantCulture));
                pendingSpace = false;
            }
            else
            {
                pendingSpace = true;
            }
        }
    }
}
