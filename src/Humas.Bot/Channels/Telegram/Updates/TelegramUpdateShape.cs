using System.Text.Json;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// The strict read of a stored update, before Telegram.Bot sees it. The library reads leniently: a message
/// without a chat becomes <c>Chat == null</c>, a number in a string is accepted, and some out-of-range values
/// throw exceptions that are not <see cref="JsonException"/> (an update_id beyond int32, a date in
/// milliseconds). So every field a handler relies on is checked here against the Bot API's own shapes: present
/// when Telegram always sends it, of its JSON type, in its range. Fields the handlers do not read are left to
/// the library. The first problem found is returned as "path: what is wrong"; null means the update is sound.
/// </summary>
internal static class TelegramUpdateShape
{
    /// <summary>No date in seconds reaches 10^11 (year 5138); larger is milliseconds, which Telegram never sends.</summary>
    private const long MaxUnixSeconds = 100_000_000_000;

    private static readonly HashSet<string> ChatTypes = new(StringComparer.Ordinal) { "private", "group", "supergroup", "channel" };

    private static readonly HashSet<string> MemberStatuses = new(StringComparer.Ordinal)
    {
        "creator", "administrator", "member", "restricted", "left", "kicked",
    };

    private static readonly HashSet<string> ReactionTypes = new(StringComparer.Ordinal) { "emoji", "custom_emoji", "paid" };

    public static string? Check(JsonElement update)
    {
        if (update.ValueKind != JsonValueKind.Object)
        {
            return "update: not a JSON object";
        }

        return Int32(update, "update_id", "update", required: true, min: 1)
            ?? Optional(update, "message", "update", Message)
            ?? Optional(update, "edited_message", "update", Message)
            ?? Optional(update, "channel_post", "update", Message)
            ?? Optional(update, "edited_channel_post", "update", Message)
            ?? Optional(update, "callback_query", "update", CallbackQuery)
            ?? Optional(update, "my_chat_member", "update", ChatMemberUpdated)
            ?? Optional(update, "message_reaction", "update", ReactionUpdated)
            ?? Optional(update, "message_reaction_count", "update", ReactionCountUpdated);
    }

    private static string? Message(JsonElement m, string path) => Message(m, path, allowReply: true);

    private static string? Message(JsonElement m, string path, bool allowReply) =>
        Int32(m, "message_id", path, required: true, min: 0)
        ?? Date(m, "date", path, required: true)
        ?? Required(m, "chat", path, Chat)
        ?? Optional(m, "from", path, User)
        ?? Optional(m, "sender_chat", path, Chat)
        ?? Int32(m, "message_thread_id", path, required: false, min: 1)
        ?? Bool(m, "is_topic_message", path, required: false)
        ?? String(m, "text", path, required: false)
        ?? String(m, "caption", path, required: false)
        ?? Date(m, "edit_date", path, required: false)
        ?? Int64(m, "migrate_to_chat_id", path, required: false)
        ?? Int64(m, "migrate_from_chat_id", path, required: false)
        ?? Array(m, "entities", path, Entity)
        ?? Array(m, "photo", path, PhotoSize)
        ?? Optional(m, "document", path, File)
        ?? Optional(m, "voice", path, File)
        ?? Optional(m, "video", path, File)
        ?? Optional(m, "location", path, Location)
        ?? Optional(m, "contact", path, Contact)
        ?? (allowReply
            ? Optional(m, "reply_to_message", path, (r, p) => Message(r, p, allowReply: false))
            : null);

    private static string? CallbackQuery(JsonElement q, string path) =>
        NonEmptyString(q, "id", path)
        ?? Required(q, "from", path, User)
        ?? String(q, "data", path, required: false)
        ?? String(q, "chat_instance", path, required: false)
        // An inaccessible message (date 0) carries only chat, message_id and date: the same checks hold.
        ?? Optional(q, "message", path, (m, p) => Message(m, p, allowReply: false));

    private static string? ChatMemberUpdated(JsonElement u, string path) =>
        Required(u, "chat", path, Chat)
        ?? Required(u, "from", path, User)
        ?? Date(u, "date", path, required: true)
        ?? Required(u, "old_chat_member", path, (m, p) => ChatMember(m, p, u.GetProperty("chat")))
        ?? Required(u, "new_chat_member", path, (m, p) => ChatMember(m, p, u.GetProperty("chat")));

    /// <summary>
    /// The rights the membership handler reads are required where Telegram always sends them: a restricted
    /// member's is_member and can_send_messages, a channel administrator's can_post_messages.
    /// </summary>
    private static string? ChatMember(JsonElement m, string path, JsonElement chat) =>
        Enum(m, "status", path, MemberStatuses)
        ?? Required(m, "user", path, User)
        ?? (m.GetProperty("status").GetString() switch
        {
            "restricted" => Bool(m, "is_member", path, required: true) ?? Bool(m, "can_send_messages", path, required: true),
            "administrator" => Bool(m, "can_post_messages", path, required: chat.GetProperty("type").GetString() == "channel"),
            _ => null,
        });

    private static string? ReactionUpdated(JsonElement u, string path) =>
        Required(u, "chat", path, Chat)
        ?? Int32(u, "message_id", path, required: true, min: 1)
        ?? Date(u, "date", path, required: true)
        ?? Optional(u, "user", path, User)
        ?? Optional(u, "actor_chat", path, Chat)
        ?? RequiredArray(u, "old_reaction", path, Reaction)
        ?? RequiredArray(u, "new_reaction", path, Reaction);

    private static string? ReactionCountUpdated(JsonElement u, string path) =>
        Required(u, "chat", path, Chat)
        ?? Int32(u, "message_id", path, required: true, min: 1)
        ?? Date(u, "date", path, required: true)
        ?? RequiredArray(u, "reactions", path, (r, p) => Required(r, "type", p, Reaction) ?? Int32(r, "total_count", p, required: true, min: 0));

    private static string? Reaction(JsonElement r, string path) =>
        Enum(r, "type", path, ReactionTypes)
        ?? (r.GetProperty("type").GetString() switch
        {
            "emoji" => NonEmptyString(r, "emoji", path),
            "custom_emoji" => NonEmptyString(r, "custom_emoji_id", path),
            _ => null,
        });

    private static string? Chat(JsonElement c, string path) =>
        Int64(c, "id", path, required: true)
        ?? Enum(c, "type", path, ChatTypes)
        ?? String(c, "title", path, required: false)
        ?? String(c, "username", path, required: false)
        ?? String(c, "first_name", path, required: false)
        ?? String(c, "last_name", path, required: false)
        ?? Bool(c, "is_forum", path, required: false);

    private static string? User(JsonElement u, string path) =>
        Int64(u, "id", path, required: true)
        ?? Bool(u, "is_bot", path, required: true)
        ?? String(u, "first_name", path, required: true)
        ?? String(u, "last_name", path, required: false)
        ?? String(u, "username", path, required: false)
        ?? String(u, "language_code", path, required: false);

    private static string? Entity(JsonElement e, string path) =>
        NonEmptyString(e, "type", path)
        ?? Int32(e, "offset", path, required: true, min: 0)
        ?? Int32(e, "length", path, required: true, min: 0);

    private static string? PhotoSize(JsonElement p, string path) =>
        File(p, path)
        ?? Int32(p, "width", path, required: true, min: 0)
        ?? Int32(p, "height", path, required: true, min: 0);

    /// <summary>Document, voice, video and the common part of a photo size.</summary>
    private static string? File(JsonElement f, string path) =>
        NonEmptyString(f, "file_id", path)
        ?? NonEmptyString(f, "file_unique_id", path)
        ?? Int64(f, "file_size", path, required: false, min: 0)
        ?? String(f, "file_name", path, required: false)
        ?? String(f, "mime_type", path, required: false);

    private static string? Location(JsonElement l, string path) =>
        Number(l, "latitude", path, -90, 90) ?? Number(l, "longitude", path, -180, 180);

    private static string? Contact(JsonElement c, string path) =>
        NonEmptyString(c, "phone_number", path)
        ?? String(c, "first_name", path, required: true)
        ?? String(c, "last_name", path, required: false)
        ?? Int64(c, "user_id", path, required: false);

    private static string? Required(JsonElement parent, string name, string path, Func<JsonElement, string, string?> check) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? Object(value, $"{path}.{name}", check)
            : $"{path}.{name}: missing";

    private static string? Optional(JsonElement parent, string name, string path, Func<JsonElement, string, string?> check) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? Object(value, $"{path}.{name}", check)
            : null;

    private static string? Object(JsonElement value, string path, Func<JsonElement, string, string?> check) =>
        value.ValueKind == JsonValueKind.Object ? check(value, path) : $"{path}: not an object";

    private static string? Array(JsonElement parent, string name, string path, Func<JsonElement, string, string?> check) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? Items(value, $"{path}.{name}", check)
            : null;

    private static string? RequiredArray(JsonElement parent, string name, string path, Func<JsonElement, string, string?> check) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? Items(value, $"{path}.{name}", check)
            : $"{path}.{name}: missing";

    private static string? Items(JsonElement array, string path, Func<JsonElement, string, string?> check)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return $"{path}: not an array";
        }

        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (Object(item, $"{path}[{i++}]", check) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static string? Int32(JsonElement parent, string name, string path, bool required, int min) =>
        Present(parent, name, path, required, out var value) is { } absent
            ? absent.Length == 0 ? null : absent
            : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= min
                ? null
                : $"{path}.{name}: not a whole number from {min} to {int.MaxValue}";

    private static string? Int64(JsonElement parent, string name, string path, bool required, long min = long.MinValue) =>
        Present(parent, name, path, required, out var value) is { } absent
            ? absent.Length == 0 ? null : absent
            : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= min
                ? null
                : $"{path}.{name}: not a 64-bit whole number";

    private static string? Date(JsonElement parent, string name, string path, bool required) =>
        Present(parent, name, path, required, out var value) is { } absent
            ? absent.Length == 0 ? null : absent
            : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n is >= 0 and < MaxUnixSeconds
                ? null
                : $"{path}.{name}: not a Unix time in seconds";

    private static string? Number(JsonElement parent, string name, string path, double min, double max) =>
        Present(parent, name, path, required: true, out var value) is { } absent
            ? absent.Length == 0 ? null : absent
            : value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && d >= min && d <= max
                ? null
                : $"{path}.{name}: not a number from {min} to {max}";

    private static string? Bool(JsonElement parent, string name, string path, bool required) =>
        Present(parent, name, path, required, out var value) is { } absent
            ? absent.Length == 0 ? null : absent
            : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : $"{path}.{name}: not true or false";

    private static string? String(JsonElement parent, string name, string path, bool required) =>
        Present(parent, name, path, required, out var value) is { } absent
            ? absent.Length == 0 ? null : absent
            : value.ValueKind == JsonValueKind.String ? null : $"{path}.{name}: not a string";

    private static string? NonEmptyString(JsonElement parent, string name, string path) =>
        String(parent, name, path, required: true)
        ?? (parent.GetProperty(name).GetString()!.Length > 0 ? null : $"{path}.{name}: empty");

    private static string? Enum(JsonElement parent, string name, string path, HashSet<string> allowed) =>
        String(parent, name, path, required: true)
        ?? (allowed.Contains(parent.GetProperty(name).GetString()!) ? null : $"{path}.{name}: not one of {string.Join(", ", allowed)}");

    /// <summary>
    /// Null when the field is there (its value in <paramref name="value"/>); "" when it is absent and may be;
    /// the error otherwise. Telegram leaves optional fields out; an explicit null counts as absent.
    /// </summary>
    private static string? Present(JsonElement parent, string name, string path, bool required, out JsonElement value)
    {
        if (parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return null;
        }

        return required ? $"{path}.{name}: missing" : "";
    }
}
