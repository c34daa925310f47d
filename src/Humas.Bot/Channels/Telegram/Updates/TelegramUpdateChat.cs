using System.Globalization;
using System.Text.Json;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// The chat a stored update belongs to, read from its JSON before any handling, so the inbox worker keeps one
/// chat's updates in order while it handles other chats' side by side. A press belongs to the chat of the message
/// its button is on; a migration to a supergroup concerns two chats and is handled alone (null), as is anything
/// too broken to say (the handler then sets it aside).
/// </summary>
internal static class TelegramUpdateChat
{
    private static readonly string[] WithChat =
        ["message", "edited_message", "channel_post", "edited_channel_post", "my_chat_member", "chat_member", "message_reaction", "message_reaction_count"];

    public static string? Of(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            var update = doc.RootElement;
            if (update.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (update.TryGetProperty("callback_query", out var query) && query.ValueKind == JsonValueKind.Object)
            {
                return query.TryGetProperty("message", out var message) && ChatId(message) is { } chat
                    ? chat
                    : Id(query, "from");
            }

            foreach (var field in WithChat)
            {
                if (update.TryGetProperty(field, out var part) && part.ValueKind == JsonValueKind.Object)
                {
                    if (part.TryGetProperty("migrate_to_chat_id", out _) || part.TryGetProperty("migrate_from_chat_id", out _))
                    {
                        return null;
                    }

                    return ChatId(part);
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ChatId(JsonElement part) => part.ValueKind == JsonValueKind.Object ? Id(part, "chat") : null;

    private static string? Id(JsonElement parent, string property) =>
        parent.TryGetProperty(property, out var owner) && owner.ValueKind == JsonValueKind.Object
        && owner.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var value)
            ? value.ToString(CultureInfo.InvariantCulture)
            : null;
}
