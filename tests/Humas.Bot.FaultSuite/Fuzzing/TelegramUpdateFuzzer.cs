using System.Text.Json.Nodes;
using Humas.Bot.FaultSuite.Support;

namespace Humas.Bot.FaultSuite.Fuzzing;

/// <summary>
/// Telegram updates for POST /api/telegram/webhook, with the right secret (so they pass authentication and
/// reach the inbox and the handlers): valid shapes of every kind the bot reads (messages, commands, button
/// presses, membership changes), then mutated: fields dropped, values of the wrong type, huge strings,
/// numbers out of range, deep nesting, truncated JSON, bytes that are not UTF-8.
/// </summary>
public sealed class TelegramUpdateFuzzer : IFuzzGenerator
{
    private static readonly string[] Texts =
    [
        "/start", "/start inst_setneg", "/langganan", "/berhenti", "/pengaturan", "/terbaru", "/usulan", "/batal", "/status",
        "/daftar KODE123", "/teraktif", "/bantuan", "/help@humas_bot", "/stop", "halo", "", " ", "/", "/start@other_bot",
        "Berita ini 👍🏽 sangat bermanfaat", "\u0000\u0001\u0002", "\u202Eevil", "<b>html</b>", "/usulan " + new string('x', 5000),
    ];

    private static readonly string[] CallbackData = ["r:1:abc", "r:9:", "r:1", "tip:accept:1", "tip:reject:999999", "settings:lang:en", "", "x", "r:-1:zz", new string('r', 300)];

    public string Name => "telegram";

    public string Path => "/api/telegram/webhook";

    public IReadOnlyDictionary<string, string?> Settings(Deployment deployment) => new Dictionary<string, string?>();

    public FuzzRequest Next(Random random, int index)
    {
        var headers = new Dictionary<string, string> { ["X-Telegram-Bot-Api-Secret-Token"] = Deployment.WebhookSecret };
        var (body, contentType) = JsonFuzz.Body(random, Valid(random, 900_000_000L + index));
        return new FuzzRequest(body, headers, contentType);
    }

    private static JsonObject Valid(Random random, long updateId)
    {
        var chatId = random.Next(3) == 0 ? -1_000_000_000_000L - random.Next(1000) : 700_000_000L + random.Next(5000);
        var user = new JsonObject { ["id"] = 700_000_000L + random.Next(5000), ["is_bot"] = false, ["first_name"] = "Budi", ["language_code"] = JsonFuzz.Pick(random, ["id", "en", "fr", ""]) };
        var chat = chatId > 0
            ? new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Budi" }
            : new JsonObject { ["id"] = chatId, ["type"] = JsonFuzz.Pick(random, ["group", "supergroup", "channel"]), ["title"] = "Grup Humas" };
        JsonObject Message() => new()
        {
            ["message_id"] = random.Next(1, 1_000_000),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = chat.DeepClone(),
            ["from"] = user.DeepClone(),
            ["text"] = JsonFuzz.Pick(random, Texts),
        };
        var update = new JsonObject { ["update_id"] = updateId };
        switch (random.Next(7))
        {
            case 0:
            case 1:
                update["message"] = Message();
                break;
            case 2:
                update["edited_message"] = Message();
                break;
            case 3:
                update["channel_post"] = Message();
                break;
            case 4:
                update["callback_query"] = new JsonObject
                {
                    ["id"] = random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["from"] = user.DeepClone(),
                    ["chat_instance"] = "1",
                    ["data"] = JsonFuzz.Pick(random, CallbackData),
                    ["message"] = Message(),
                };
                break;
            case 5:
                update["my_chat_member"] = new JsonObject
                {
                    ["chat"] = chat.DeepClone(),
                    ["from"] = user.DeepClone(),
                    ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["old_chat_member"] = new JsonObject { ["status"] = "member", ["user"] = user.DeepClone() },
                    ["new_chat_member"] = new JsonObject { ["status"] = JsonFuzz.Pick(random, ["kicked", "left", "member", "administrator", "weird"]), ["user"] = user.DeepClone() },
                };
                break;
            default:
                var message = Message();
                message.Remove("text");
                message["photo"] = new JsonArray(new JsonObject { ["file_id"] = "f" + random.Next(), ["file_unique_id"] = "u", ["width"] = 10, ["height"] = 10 });
                message["caption"] = JsonFuzz.Pick(random, Texts);
                message["location"] = new JsonObject { ["latitude"] = -6.2, ["longitude"] = 106.8 };
                update["message"] = message;
                break;
        }

        return update;
    }

}
