using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Humas.Bot.Localization;

/// <summary>
/// Loads the embedded tables Localization/Texts/*.json: <c>{ "key": { "id": "…", "en": "…" } }</c>.
/// A key missing a language, or defined twice, fails at start rather than showing a reader a blank.
/// </summary>
public sealed class JsonTexts : ITexts
{
    private readonly Dictionary<string, Dictionary<string, string>> _table = new(StringComparer.Ordinal);

    public JsonTexts()
        : this(typeof(JsonTexts).Assembly)
    {
    }

    public JsonTexts(Assembly assembly)
    {
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains(".Localization.Texts.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var entries = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(stream)
                ?? throw new InvalidOperationException($"{name} is empty");
            foreach (var (key, languages) in entries)
            {
                if (!languages.ContainsKey(Languages.Indonesian) || !languages.ContainsKey(Languages.English))
                {
                    throw new InvalidOperationException($"{name}: '{key}' needs both \"id\" and \"en\"");
                }

                if (!_table.TryAdd(key, languages))
                {
                    throw new InvalidOperationException($"{name}: '{key}' is defined twice");
                }
            }
        }
    }

    public IReadOnlyCollection<string> Keys => _table.Keys;

    public bool Has(string key) => _table.ContainsKey(key);

    public string Get(string key, string? language, params object?[] args)
    {
        if (!_table.TryGetValue(key, out var languages))
        {
            throw new KeyNotFoundException($"No text '{key}' in Localization/Texts");
        }

        var text = languages[Languages.Normalize(language)];
        return args.Length == 0 ? text : string.Format(CultureInfo.InvariantCulture, text, args);
    }
}
