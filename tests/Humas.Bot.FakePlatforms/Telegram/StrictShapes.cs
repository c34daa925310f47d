using System.Text;
using System.Text.Json;

namespace Humas.Bot.FakePlatforms.Telegram;

/// <summary>
/// Telegram's shape rules, with its own error descriptions: text 1-4096 and captions 0-1024 characters after
/// HTML parsing, only the allowed HTML tags and entities, balanced tags, and inline keyboards of at most
/// 100 buttons, each with text and exactly one action, callback_data 1-64 UTF-8 bytes.
/// </summary>
internal static class StrictShapes
{
    public const int MaxTextLength = 4096;
    public const int MaxCaptionLength = 1024;
    public const int MaxButtons = 100;
    public const int MaxCallbackDataBytes = 64;

    private static readonly HashSet<string> AllowedTags = new(StringComparer.Ordinal)
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
        "a", "tg-emoji", "tg-time", "code", "pre", "blockquote",
    };

    /// <summary>Null when fine, else the 400 description.</summary>
    public static string? CheckText(string? text, bool html, bool isCaption)
    {
        if (text is null || text.Length == 0)
        {
            return isCaption ? null : "Bad Request: message text is empty";
        }

        int length;
        if (html)
        {
            var error = ParseHtml(text, out length);
            if (error is not null)
            {
                return error;
            }
        }
        else
        {
            length = text.Length;
        }

        if (!isCaption && length == 0)
        {
            return "Bad Request: message text is empty";
        }

        var max = isCaption ? MaxCaptionLength : MaxTextLength;
        return length <= max ? null : isCaption ? "Bad Request: message caption is too long" : "Bad Request: message is too long";
    }

    public static string? CheckKeyboard(JsonElement markup)
    {
        if (markup.ValueKind != JsonValueKind.Object
            || !markup.TryGetProperty("inline_keyboard", out var rows)
            || rows.ValueKind != JsonValueKind.Array)
        {
            return "Bad Request: can't parse reply keyboard markup JSON object";
        }

        var buttons = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array)
            {
                return "Bad Request: can't parse inline keyboard button: InlineKeyboardButton must be an Object";
            }

            foreach (var button in row.EnumerateArray())
            {
                if (++buttons > MaxButtons)
                {
                    return "Bad Request: reply markup is too long";
                }

                var error = CheckButton(button);
                if (error is not null)
                {
                    return error;
                }
            }
        }

        return null;
    }

    private static string? CheckButton(JsonElement button)
    {
        if (button.ValueKind != JsonValueKind.Object)
        {
            return "Bad Request: can't parse inline keyboard button: InlineKeyboardButton must be an Object";
        }

        if (!button.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String || text.GetString()!.Length == 0)
        {
            return "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard";
        }

        var actions = 0;
        foreach (var property in button.EnumerateObject())
        {
            if (property.NameEquals("text") || property.NameEquals("style"))
            {
                continue;
            }

            actions++;
            if (property.NameEquals("callback_data"))
            {
                var data = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : "";
                var bytes = Encoding.UTF8.GetByteCount(data);
                if (bytes is 0 or > MaxCallbackDataBytes)
                {
                    return "Bad Request: BUTTON_DATA_INVALID";
                }
            }
            else if (property.NameEquals("url"))
            {
                var url = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "tg"))
                {
                    return "Bad Request: BUTTON_URL_INVALID";
                }
            }
        }

        return actions == 1 ? null : "Bad Request: can't parse inline keyboard button: exactly one of the optional fields must be used";
    }

    /// <summary>Checks tags and entities as Telegram's HTML parser does and measures the visible text.</summary>
    private static string? ParseHtml(string text, out int visibleLength)
    {
        visibleLength = 0;
        var open = new Stack<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '<')
            {
                var close = text.IndexOf('>', i + 1);
                if (close < 0)
                {
                    return $"Bad Request: can't parse entities: Unclosed start tag at byte offset {ByteOffset(text, i)}";
                }

                var inner = text.AsSpan(i + 1, close - i - 1);
                var closing = inner.StartsWith("/");
                if (closing)
                {
                    inner = inner[1..];
                }

                var nameEnd = inner.IndexOfAny(' ', '\t', '\n');
                var name = (nameEnd < 0 ? inner : inner[..nameEnd]).TrimEnd('/').ToString().ToLowerInvariant();
                if (closing)
                {
                    if (open.Count == 0 || open.Peek() != name)
                    {
                        var expected = open.Count == 0 ? "" : $", expected \"</{open.Peek()}>\"";
                        return $"Bad Request: can't parse entities: Unmatched end tag at byte offset {ByteOffset(text, i)}{expected}, found \"</{name}>\"";
                    }

                    open.Pop();
                }
                else
                {
                    if (!AllowedTags.Contains(name))
                    {
                        return $"Bad Request: can't parse entities: Unsupported start tag \"{name}\" at byte offset {ByteOffset(text, i)}";
                    }

                    open.Push(name);
                }

                i = close + 1;
            }
            else if (c == '&')
            {
                var end = text.IndexOf(';', i + 1);
                var entity = end < 0 || end - i > 10 ? "" : text.Substring(i + 1, end - i - 1);
                if (!IsKnownEntity(entity))
                {
                    return $"Bad Request: can't parse entities: Character entity expected at byte offset {ByteOffset(text, i)}";
                }

                visibleLength++;
                i = end + 1;
            }
            else
            {
                visibleLength++;
                i++;
            }
        }

        return open.Count == 0
            ? null
            : $"Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"{open.Peek()}\"";
    }

    private static bool IsKnownEntity(string entity) => entity switch
    {
        "lt" or "gt" or "amp" or "quot" => true,
        _ when entity.Length > 1 && entity[0] == '#' => entity[1] is 'x' or 'X'
            ? entity.Length > 2 && entity.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF") == false
            : entity.AsSpan(1).ContainsAnyExcept("0123456789") == false,
        _ => false,
    };

    private static int ByteOffset(string text, int charIndex) => Encoding.UTF8.GetByteCount(text.AsSpan(0, charIndex));
}
