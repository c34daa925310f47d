namespace Humas.Bot.Localization;

/// <summary>
/// Every sentence a user reads comes from here, in Bahasa Indonesia ("id", the default) or English ("en").
/// The tables are the JSON files in Localization/Texts/, one per part, each key with both languages
/// side by side.
/// </summary>
public interface ITexts
{
    /// <summary>The text for <paramref name="key"/> in <paramref name="language"/> (falls back to Indonesian), formatted with <paramref name="args"/>.</summary>
    string Get(string key, string? language, params object?[] args);

    bool Has(string key);
}
