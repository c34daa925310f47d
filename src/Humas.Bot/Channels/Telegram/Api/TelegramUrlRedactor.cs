using System.Text.RegularExpressions;

namespace Humas.Bot.Channels.Telegram.Api;

/// <summary>
/// The token is a password that Telegram puts in the URL path (<c>/bot{token}/</c>, <c>/file/bot{token}/</c>),
/// so every URL or text that may carry it passes through here before it is logged or thrown.
/// </summary>
public static partial class TelegramUrlRedactor
{
    public const string Placeholder = "<redacted>";

    public static string Redact(string text) => BotSegment().Replace(text, "/bot" + Placeholder + "$1");

    /// <summary>Also removes the literal token wherever it appears, for texts that are not URLs.</summary>
    public static string Redact(string text, string token) =>
        Redact(token.Length == 0 ? text : text.Replace(token, Placeholder, StringComparison.Ordinal));

    [GeneratedRegex(@"/bot[^/\s?#]+(/|$|\?|#|\s)", RegexOptions.CultureInvariant)]
    private static partial Regex BotSegment();
}
