namespace Humas.Bot.Localization;

public static class Languages
{
    public const string Indonesian = "id";
    public const string English = "en";

    /// <summary>"en", "en-US" -> "en"; anything else (including none) -> "id", the service's default.</summary>
    public static string Normalize(string? language) =>
        language is { Length: >= 2 } && language.StartsWith(English, StringComparison.OrdinalIgnoreCase) ? English : Indonesian;
}
