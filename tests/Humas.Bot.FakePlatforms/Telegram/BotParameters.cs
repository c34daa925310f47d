using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Humas.Bot.FakePlatforms.Telegram;

/// <summary>
/// A method's parameters from any of the encodings Telegram accepts: a JSON body, a form, or the query
/// string. Object parameters (reply_markup) may be JSON or a string holding JSON, as with Telegram.
/// </summary>
internal sealed class BotParameters : IDisposable
{
    private readonly JsonDocument? _json;
    private readonly Dictionary<string, string>? _pairs;
    private readonly List<JsonDocument> _parsed = [];

    private BotParameters(JsonDocument? json, Dictionary<string, string>? pairs)
    {
        _json = json;
        _pairs = pairs;
    }

    /// <summary>Null when the body is not readable; the caller answers 400.</summary>
    public static async Task<BotParameters?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        // Most requests are JSON without a query string: no dictionary for them.
        Dictionary<string, string>? pairs = null;
        foreach (var (key, value) in request.Query)
        {
            (pairs ??= new(StringComparer.Ordinal))[key] = value.ToString();
        }

        if (request.HasJsonContentType())
        {
            try
            {
                var json = await JsonDocument.ParseAsync(request.Body, default, ct);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    json.Dispose();
                    return null;
                }

                return new BotParameters(json, pairs);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            foreach (var (key, value) in form)
            {
                (pairs ??= new(StringComparer.Ordinal))[key] = value.ToString();
            }
        }

        return new BotParameters(null, pairs);
    }

    public bool Has(string name) => TryGet(name, out _, out _);

    public string? GetString(string name)
    {
        if (!TryGet(name, out var element, out var text))
        {
            return null;
        }

        return text ?? element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Null => null,
            _ => element.GetRawText(),
        };
    }

    public long? GetLong(string name)
    {
        if (!TryGet(name, out var element, out var text))
        {
            return null;
        }

        if (text is null && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number))
        {
            return number;
        }

        text ??= element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    public bool GetBool(string name)
    {
        if (!TryGet(name, out var element, out var text))
        {
            return false;
        }

        return text is null ? element.ValueKind == JsonValueKind.True : bool.TryParse(text, out var b) && b;
    }

    /// <summary>An object or array parameter; null when absent or unreadable.</summary>
    public JsonElement? GetJson(string name)
    {
        if (!TryGet(name, out var element, out var text))
        {
            return null;
        }

        if (text is null && element.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            return element;
        }

        text ??= element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            var doc = JsonDocument.Parse(text);
            _parsed.Add(doc);
            return doc.RootElement;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _json?.Dispose();
        foreach (var doc in _parsed)
        {
            doc.Dispose();
        }
    }

    private bool TryGet(string name, out JsonElement element, out string? text)
    {
        element = default;
        text = null;
        if (_json is not null && _json.RootElement.TryGetProperty(name, out element) && element.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (_pairs is not null && _pairs.TryGetValue(name, out text))
        {
            return true;
        }

        text = null;
        return false;
    }
}
