using System.Text.Json;

namespace Humas.Bot.Channels.WhatsApp.Webhook;

/// <summary>What a reader's message carries, in the adapter's words.</summary>
public abstract record WhatsAppContent
{
    public sealed record Text(string Body) : WhatsAppContent;

    /// <summary>A quick-reply button (<c>button.payload</c>), a list row (<c>list_reply.id</c>) or a reply button (<c>button_reply.id</c>).</summary>
    public sealed record Press(string Data) : WhatsAppContent;

    public sealed record Media(string Kind, string MediaId, string? MimeType, string? Caption, string? FileName) : WhatsAppContent;

    public sealed record Location(double Latitude, double Longitude) : WhatsAppContent;

    /// <summary>Reactions, stickers, unsupported types: nothing to act on beyond a first contact.</summary>
    public sealed record Other(string Type) : WhatsAppContent;
}

/// <param name="ReplyTo">The wamid of our message the reader answered (<c>context.id</c>), if they swiped to reply.</param>
public sealed record WhatsAppMessage(string Id, string From, string? ProfileName, WhatsAppContent Content, string? ReplyTo = null);

/// <summary>
/// A stored message item to <see cref="WhatsAppMessage"/>, strictly: every field a handler relies on must be
/// there with its JSON type, else the item is reported unreadable (and set aside), never thrown on.
/// </summary>
public static class WhatsAppMessageReader
{
    private static readonly JsonDocumentOptions ParseOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };
    private static readonly string[] MediaTypes = ["image", "document", "audio", "video", "sticker"];

    public static bool TryRead(string payload, out WhatsAppMessage? message, out string? error)
    {
        message = null;
        try
        {
            using var document = JsonDocument.Parse(payload, ParseOptions);
            var root = document.RootElement;
            var name = WebhookEnvelope.Str(root, "profile_name");
            if (!root.TryGetProperty("message", out var m) || m.ValueKind != JsonValueKind.Object)
            {
                error = "message: missing";
                return false;
            }

            var id = WebhookEnvelope.Str(m, "id");
            var from = WebhookEnvelope.Str(m, "from");
            var type = WebhookEnvelope.Str(m, "type");
            if (id is null || !WebhookEnvelope.IsWaId(from) || type is null)
            {
                error = "message: id, from and type must be strings";
                return false;
            }

            (var content, error) = Content(m, type);
            if (content is null)
            {
                return false;
            }

            var replyTo = Object(m, "context") is { } context ? WebhookEnvelope.Str(context, "id") : null;
            message = new WhatsAppMessage(id, from!, name, content, replyTo);
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            error = e.Message;
            return false;
        }
    }

    private static (WhatsAppContent? Content, string? Error) Content(JsonElement m, string type)
    {
        switch (type)
        {
            case "text":
                return Object(m, "text") is { } text && WebhookEnvelope.Str(text, "body") is { } body
                    ? (new WhatsAppContent.Text(body), null)
                    : (null, "text.body must be a string");
            case "button":
                return Object(m, "button") is { } button && WebhookEnvelope.Str(button, "payload") is { } payload
                    ? (new WhatsAppContent.Press(payload), null)
                    : (null, "button.payload must be a string");
            case "interactive":
                if (Object(m, "interactive") is not { } interactive)
                {
                    return (null, "interactive must be an object");
                }

                var kind = WebhookEnvelope.Str(interactive, "type");
                if (kind is not ("list_reply" or "button_reply"))
                {
                    return (new WhatsAppContent.Other("interactive/" + kind), null);
                }

                return Object(interactive, kind) is { } reply && WebhookEnvelope.Str(reply, "id") is { } replyId
                    ? (new WhatsAppContent.Press(replyId), null)
                    : (null, $"interactive.{kind}.id must be a string");
            case "location":
                return Object(m, "location") is { } location
                    && Number(location, "latitude") is { } lat and >= -90 and <= 90
                    && Number(location, "longitude") is { } lon and >= -180 and <= 180
                    ? (new WhatsAppContent.Location(lat, lon), null)
                    : (null, "location.latitude and longitude must be numbers in range");
            case var media when MediaTypes.Contains(media):
                return Object(m, media) is { } file && WebhookEnvelope.Str(file, "id") is { Length: > 0 and <= 128 } mediaId && mediaId.All(char.IsAsciiLetterOrDigit)
                    ? (new WhatsAppContent.Media(media, mediaId, WebhookEnvelope.Str(file, "mime_type"), WebhookEnvelope.Str(file, "caption"), WebhookEnvelope.Str(file, "filename")), null)
                    : (null, $"{media}.id must be a media id");
            default:
                return (new WhatsAppContent.Other(type), null);
        }
    }

    private static JsonElement? Object(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;
}
