using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Humas.Bot.FakePlatforms.Telegram;

/// <summary>One handler per Bot API method, answering with Telegram's shapes and descriptions.</summary>
public sealed partial class FakeTelegramServer
{
    private const char ContentSeparator = '\u0001';
    private const long MaxDownloadBytes = 20 * 1024 * 1024;

    private enum EditKind
    {
        Text,
        Caption,
        ReplyMarkup,
    }

    private Task<Outcome> GetMeAsync(HttpContext context) =>
        OkAsync(context, w =>
        {
            w.WriteStartObject();
            WriteBotUser(w);
            w.WriteBoolean("can_join_groups"u8, true);
            w.WriteEndObject();
        });

    private async Task<Outcome> GetUpdatesAsync(HttpContext context, BotParameters p)
    {
        if (!string.IsNullOrEmpty(WebhookUrl))
        {
            await FakeReply.ErrorAsync(context, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            return new Outcome(409);
        }

        var wait = TimeSpan.FromSeconds(Math.Clamp(p.GetLong("timeout") ?? 0, 0, 50));
        var updates = await _updates.TakeAsync(p.GetLong("offset"), (int)(p.GetLong("limit") ?? 100), wait, context.RequestAborted);
        if (updates is null)
        {
            await FakeReply.ErrorAsync(context, 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
            return new Outcome(409);
        }

        await FakeReply.RawAsync(context, 200, "{\"ok\":true,\"result\":" + updates + "}");
        return new Outcome(200);
    }

    private async Task<Outcome> SetWebhookAsync(HttpContext context, BotParameters p)
    {
        var secret = p.GetString("secret_token");
        if (Options.Strict && secret is not null && !SecretShape().IsMatch(secret))
        {
            return await BadRequestAsync(context, "Bad Request: secret token contains unallowed characters");
        }

        WebhookUrl = p.GetString("url") is { Length: > 0 } url ? url : null;
        return await OkAsync(context, w => w.WriteBooleanValue(true));
    }

    private Task<Outcome> DeleteWebhookAsync(HttpContext context)
    {
        WebhookUrl = null;
        return OkAsync(context, w => w.WriteBooleanValue(true));
    }

    private Task<Outcome> GetWebhookInfoAsync(HttpContext context) =>
        OkAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("url"u8, WebhookUrl ?? "");
            w.WriteBoolean("has_custom_certificate"u8, false);
            w.WriteNumber("pending_update_count"u8, _updates.PendingCount);
            w.WriteEndObject();
        });

    private async Task<Outcome> SendAsync(HttpContext context, BotParameters p, bool photo)
    {
        if (p.GetLong("chat_id") is not { } chatId)
        {
            return await BadRequestAsync(context, p.Has("chat_id") ? "Bad Request: chat not found" : "Bad Request: chat_id is empty");
        }

        var text = p.GetString(photo ? "caption" : "text");
        if (!photo && string.IsNullOrEmpty(text))
        {
            return await BadRequestAsync(context, "Bad Request: message text is empty");
        }

        var picture = photo ? p.GetString("photo") : null;
        if (photo && string.IsNullOrEmpty(picture))
        {
            return await BadRequestAsync(context, "Bad Request: there is no photo in the request");
        }

        var markup = p.GetJson("reply_markup");
        if (CheckShapes(p, text, isCaption: photo, markup) is { } shapeError)
        {
            return await BadRequestAsync(context, shapeError);
        }

        var chat = Chat(chatId);
        if (await GateAsync(context, chat, limited: true) is { } refused)
        {
            return refused;
        }

        var id = chat.Add(Content(text, markup));
        Counters.Deliver();
        var date = Options.Time.GetUtcNow().ToUnixTimeSeconds();
        await FakeReply.OkAsync(context, w => WriteMessage(w, chat, id, date, edited: false, text, photo, markup));
        return new Outcome(200, id);
    }

    private async Task<Outcome> EditAsync(HttpContext context, BotParameters p, EditKind kind)
    {
        if (p.GetLong("chat_id") is not { } chatId || p.GetLong("message_id") is not { } messageId)
        {
            return await BadRequestAsync(context, "Bad Request: message identifier is not specified");
        }

        var text = kind switch
        {
            EditKind.Text => p.GetString("text"),
            EditKind.Caption => p.GetString("caption"),
            _ => null,
        };
        if (kind == EditKind.Text && string.IsNullOrEmpty(text))
        {
            return await BadRequestAsync(context, "Bad Request: message text is empty");
        }

        var markup = p.GetJson("reply_markup");
        if (kind != EditKind.ReplyMarkup && CheckShapes(p, text, kind == EditKind.Caption, markup) is { } shapeError)
        {
            return await BadRequestAsync(context, shapeError);
        }

        if (kind == EditKind.ReplyMarkup && Options.Strict && markup is { } m && StrictShapes.CheckKeyboard(m) is { } keyboardError)
        {
            return await BadRequestAsync(context, keyboardError);
        }

        var chat = Chat(chatId);
        if (await GateAsync(context, chat, limited: true) is { } refused)
        {
            return refused;
        }

        var id = (int)messageId;
        string? shownText = text;
        var error = chat.Edit(id, current =>
        {
            if (kind == EditKind.ReplyMarkup)
            {
                shownText = current[..current.IndexOf(ContentSeparator)];
            }

            return Content(shownText, markup);
        });
        if (error is not null)
        {
            return await BadRequestAsync(context, error);
        }

        var date = Options.Time.GetUtcNow().ToUnixTimeSeconds();
        await FakeReply.OkAsync(context, w => WriteMessage(w, chat, id, date, edited: true, shownText, kind == EditKind.Caption, markup));
        return new Outcome(200, id);
    }

    private async Task<Outcome> DeleteMessageAsync(HttpContext context, BotParameters p)
    {
        if (p.GetLong("chat_id") is not { } chatId || p.GetLong("message_id") is not { } messageId)
        {
            return await BadRequestAsync(context, "Bad Request: message identifier is not specified");
        }

        var chat = Chat(chatId);
        if (await GateAsync(context, chat, limited: false) is { } refused)
        {
            return refused;
        }

        return chat.Delete((int)messageId)
            ? await OkAsync(context, w => w.WriteBooleanValue(true), (int)messageId)
            : await BadRequestAsync(context, "Bad Request: message to delete not found");
    }

    private async Task<Outcome> AnswerCallbackQueryAsync(HttpContext context, BotParameters p)
    {
        if (string.IsNullOrEmpty(p.GetString("callback_query_id")))
        {
            return await BadRequestAsync(context, "Bad Request: query is too old and response timeout expired or query ID is invalid");
        }

        if (Options.Strict && p.GetString("text") is { Length: > 200 })
        {
            return await BadRequestAsync(context, "Bad Request: MESSAGE_TOO_LONG");
        }

        return await OkAsync(context, w => w.WriteBooleanValue(true));
    }

    private async Task<Outcome> SetMyCommandsAsync(HttpContext context, BotParameters p)
    {
        if (p.GetJson("commands") is not { ValueKind: JsonValueKind.Array } commands)
        {
            return await BadRequestAsync(context, "Bad Request: can't parse commands JSON object");
        }

        if (Options.Strict)
        {
            if (commands.GetArrayLength() > 100)
            {
                return await BadRequestAsync(context, "Bad Request: too many commands");
            }

            foreach (var command in commands.EnumerateArray())
            {
                var name = command.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
                var description = command.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
                if (!CommandShape().IsMatch(name))
                {
                    return await BadRequestAsync(context, "Bad Request: BOT_COMMAND_INVALID");
                }

                if (description.Length is 0 or > 256)
                {
                    return await BadRequestAsync(context, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
                }
            }
        }

        return await OkAsync(context, w => w.WriteBooleanValue(true));
    }

    private async Task<Outcome> GetFileAsync(HttpContext context, BotParameters p)
    {
        if (p.GetString("file_id") is not { } fileId || !_filesById.TryGetValue(fileId, out var file))
        {
            return await BadRequestAsync(context, "Bad Request: invalid file_id");
        }

        if (file.Content.Length > MaxDownloadBytes)
        {
            return await BadRequestAsync(context, "Bad Request: file is too big");
        }

        return await OkAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("file_id"u8, file.Id);
            w.WriteString("file_unique_id"u8, "u" + file.Id);
            w.WriteNumber("file_size"u8, file.Content.Length);
            w.WriteString("file_path"u8, file.Path);
            w.WriteEndObject();
        });
    }

    private async Task<Outcome> GetChatAsync(HttpContext context, BotParameters p)
    {
        var chat = p.GetLong("chat_id") is { } chatId
            ? Chat(chatId)
            : p.GetString("chat_id") is ['@', .. var username]
                ? _chats.Values.FirstOrDefault(c => string.Equals(c.Username, username, StringComparison.OrdinalIgnoreCase))
                : null;
        if (chat is null)
        {
            return await BadRequestAsync(context, "Bad Request: chat not found");
        }

        return await OkAsync(context, w => WriteChat(w, chat));
    }

    private async Task<Outcome> GetChatMemberAsync(HttpContext context, BotParameters p)
    {
        if (p.GetLong("chat_id") is not { } chatId || p.GetLong("user_id") is not { } userId)
        {
            return await BadRequestAsync(context, "Bad Request: PARTICIPANT_ID_INVALID");
        }

        var status = _memberStatus.TryGetValue((chatId, userId), out var s) ? s : "member";
        return await OkAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("status"u8, status);
            w.WriteStartObject("user"u8);
            w.WriteNumber("id"u8, userId);
            w.WriteBoolean("is_bot"u8, false);
            w.WriteString("first_name"u8, $"User {userId}");
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static async Task<Outcome> OkAsync(HttpContext context, Action<Utf8JsonWriter> writeResult, int? messageId = null)
    {
        await FakeReply.OkAsync(context, writeResult);
        return new Outcome(200, messageId);
    }

    private static string Content(string? text, JsonElement? markup) =>
        (text ?? "") + ContentSeparator + (markup?.GetRawText() ?? "");

    private void WriteMessage(Utf8JsonWriter w, ChatState chat, int id, long date, bool edited, string? text, bool isCaption, JsonElement? markup)
    {
        w.WriteStartObject();
        w.WriteNumber("message_id"u8, id);
        w.WriteNumber("date"u8, date);
        if (edited)
        {
            w.WriteNumber("edit_date"u8, date);
        }

        w.WritePropertyName("chat"u8);
        WriteChat(w, chat);
        w.WriteStartObject("from"u8);
        WriteBotUser(w);
        w.WriteEndObject();
        if (isCaption)
        {
            w.WriteStartArray("photo"u8);
            w.WriteStartObject();
            w.WriteString("file_id"u8, $"photo-{chat.ChatId}-{id}");
            w.WriteString("file_unique_id"u8, $"uphoto-{chat.ChatId}-{id}");
            w.WriteNumber("width"u8, 1280);
            w.WriteNumber("height"u8, 720);
            w.WriteEndObject();
            w.WriteEndArray();
            if (!string.IsNullOrEmpty(text))
            {
                w.WriteString("caption"u8, text);
            }
        }
        else if (text is not null)
        {
            w.WriteString("text"u8, text);
        }

        if (markup is { } m)
        {
            w.WritePropertyName("reply_markup"u8);
            m.WriteTo(w);
        }

        w.WriteEndObject();
    }

    private static void WriteChat(Utf8JsonWriter w, ChatState chat)
    {
        w.WriteStartObject();
        w.WriteNumber("id"u8, chat.ChatId);
        w.WriteString("type"u8, chat.Type);
        if (chat.ChatId < 0)
        {
            w.WriteString("title"u8, chat.Title ?? $"Group {chat.ChatId}");
        }
        else
        {
            w.WriteString("first_name"u8, $"User {chat.ChatId}");
        }

        if (chat.Username is { } username)
        {
            w.WriteString("username"u8, username);
        }

        w.WriteEndObject();
    }

    private void WriteBotUser(Utf8JsonWriter w)
    {
        w.WriteNumber("id"u8, _botId);
        w.WriteBoolean("is_bot"u8, true);
        w.WriteString("first_name"u8, "Humas Fake");
        w.WriteString("username"u8, "humas_fake_bot");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretShape();

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex CommandShape();
}
