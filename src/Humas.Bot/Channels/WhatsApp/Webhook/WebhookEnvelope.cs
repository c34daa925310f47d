using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Humas.Bot.Channels.WhatsApp.Webhook;

/// <summary>One message or status cut out of a webhook body, ready for the inbox; <paramref name="Account"/> is the number's (<see cref="WhatsAppNumbers"/>).</summary>
public sealed record WebhookItem(string Key, WhatsAppItemKind Kind, string WaId, DateTime? OccurredAt, int? ErrorCode, string Payload, string Account = "");

/// <summary>
/// Splits a signed webhook body (<c>entry[].changes[].value.messages[]</c> and <c>.statuses[]</c>) into inbox
/// items. Strict about what it keeps: an item without a string id, sender or recipient is dropped with a
/// reason (it could not be de-duplicated or answered); other fields are ignored. Each change is routed by its
/// <c>metadata.phone_number_id</c> to the number's account (the national number or an institution's own); a change for
/// a number that is none of ours is left out, its id in <c>unknownNumbers</c>, never taken as the national number's.
/// Never throws on odd JSON: the caller answers 400 only for a body that is not JSON at all.
/// </summary>
public static class WebhookEnvelope
{
    public const int MaxKeyLength = 300;
    private static readonly JsonDocumentOptions ParseOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <param name="accountOf">The account of a phone number id; null for a number that is not ours.</param>
    public static bool TryParse(
        ReadOnlySpan<byte> body, Func<string, string?> accountOf, out List<WebhookItem> items, out List<string> skipped, out HashSet<string> unknownNumbers)
    {
        items = [];
        skipped = [];
        unknownNumbers = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            return TryParseChecked(body, accountOf, items, skipped, unknownNumbers);
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8: JsonDocument finds out only when the value is read.
            items.Clear();
            return false;
        }
    }

    private static bool TryParseChecked(
        ReadOnlySpan<byte> body, Func<string, string?> accountOf, List<WebhookItem> items, List<string> skipped, HashSet<string> unknownNumbers)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), ParseOptions);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (Str(root, "object") != "whatsapp_business_account")
            {
                skipped.Add("object is not whatsapp_business_account");
                return true;
            }

            foreach (var entry in Array(root, "entry"))
            {
                foreach (var change in Array(entry, "changes"))
                {
                    if (Str(change, "field") != "messages" || !change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
                    {
                        skipped.Add("a change that is not field=messages with a value");
                        continue;
                    }

                    var number = value.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object ? Str(metadata, "phone_number_id") : null;
                    if (number is null)
                    {
                        skipped.Add("a change without metadata.phone_number_id");
                        continue;
                    }

                    if (accountOf(number) is not { } account)
                    {
                        // Printable and short, as it is logged; anything else is named by its length only.
                        unknownNumbers.Add(number.Length <= 64 && !number.Any(char.IsControl) ? number : $"({number.Length} characters)");
                        continue;
                    }

                    var names = Array(value, "contacts")
                        .Where(c => Str(c, "wa_id") is not null)
                        .GroupBy(c => Str(c, "wa_id")!)
                        .ToDictionary(g => g.Key, g => g.First().TryGetProperty("profile", out var p) && p.ValueKind == JsonValueKind.Object ? Str(p, "name") : null);
                    foreach (var message in Array(value, "messages"))
                    {
                        var id = Str(message, "id");
                        var from = Str(message, "from");
                        if (!IsKey(id) || !IsWaId(from))
                        {
                            skipped.Add("a message without a usable id or sender");
                            continue;
                        }

                        items.Add(new WebhookItem(id!, WhatsAppItemKind.Message, from!, Time(message), null, MessagePayload(message, names.GetValueOrDefault(from!)), account));
                    }

                    foreach (var status in Array(value, "statuses"))
                    {
                        var id = Str(status, "id");
                        var state = Str(status, "status");
                        var recipient = Str(status, "recipient_id");
                        if (!IsKey(id) || !IsKey(state) || state!.Length > 20 || !IsWaId(recipient))
                        {
                            skipped.Add("a status without a usable id, status or recipient");
                            continue;
                        }

                        var code = Array(status, "errors").Select(e => e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : (int?)null).FirstOrDefault(c => c is not null);
                        items.Add(new WebhookItem($"{id}/{state}", WhatsAppItemKind.Status, recipient!, Time(status), code, status.GetRawText(), account));
                    }
                }
            }
        }

        // One body may carry the same item twice; the first wins.
        var distinct = items.DistinctBy(i => i.Key).ToList();
        items.Clear();
        items.AddRange(distinct);
        return true;
    }

    private static string MessagePayload(JsonElement message, string? profileName)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (profileName is not null)
            {
                writer.WriteString("profile_name", profileName);
            }

            writer.WritePropertyName("message");
            message.WriteTo(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Printable, and short enough for the key column with a status appended (PostgreSQL refuses NUL in text).</summary>
    private static bool IsKey(string? id) => id is { Length: > 0 and <= MaxKeyLength - 32 } && !id.Any(char.IsControl);

    public static bool IsWaId(string? id) => id is { Length: >= 5 and <= 32 } && id.All(char.IsAsciiDigit);

    private static DateTime? Time(JsonElement item) =>
        Str(item, "timestamp") is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds is > 0 and < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
            : null;

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).ToList()
            : [];
}
