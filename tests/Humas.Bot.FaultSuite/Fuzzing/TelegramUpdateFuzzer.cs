using System.Text;
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
        var update = Valid(random, 900_000_000L + index);
        var roll = random.Next(100);
        byte[] body;
        if (roll < 15)
        {
            body = Encoding.UTF8.GetBytes(update.ToJsonString());
        }
        else if (roll < 65)
        {
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                Mutate(random, update);
            }

            body = Encoding.UTF8.GetBytes(update.ToJsonString());
        }
        else if (roll < 75)
        {
            body = InvalidUtf8(random, Encoding.UTF8.GetBytes(update.ToJsonString()));
        }
        else if (roll < 82)
        {
            var json = update.ToJsonString();
            body = Encoding.UTF8.GetBytes(json[..random.Next(json.Length)]);
        }
        else if (roll < 88)
        {
            body = Encoding.UTF8.GetBytes(Pick(random, ["null", "[]", "[1,2,3]", "\"text\"", "42", "true", "{}", "{\"update_id\":null}", "{\"update_id\":\"7\"}", "{\"update_id\":1e400}", ""]));
        }
        else if (roll < 94)
        {
            body = Encoding.UTF8.GetBytes(Deep(random.Next(50, 400)));
        }
        else
        {
            body = new byte[random.Next(1, 4096)];
            random.NextBytes(body);
        }

        return new FuzzRequest(body, headers, random.Next(20) == 0 ? "text/plain" : "application/json");
    }

    private static JsonObject Valid(Random random, long updateId)
    {
        var chatId = random.Next(3) == 0 ? -1_000_000_000_000L - random.Next(1000) : 700_000_000L + random.Next(5000);
        var user = new JsonObject { ["id"] = 700_000_000L + random.Next(5000), ["is_bot"] = false, ["first_name"] = "Budi", ["language_code"] = Pick(random, ["id", "en", "fr", ""]) };
        var chat = chatId > 0
            ? new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Budi" }
            : new JsonObject { ["id"] = chatId, ["type"] = Pick(random, ["group", "supergroup", "channel"]), ["title"] = "Grup Humas" };
        JsonObject Message() => new()
        {
            ["message_id"] = random.Next(1, 1_000_000),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = chat.DeepClone(),
            ["from"] = user.DeepClone(),
            ["text"] = Pick(random, Texts),
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
                    ["data"] = Pick(random, CallbackData),
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
                    ["new_chat_member"] = new JsonObject { ["status"] = Pick(random, ["kicked", "left", "member", "administrator", "weird"]), ["user"] = user.DeepClone() },
                };
                break;
            default:
                var message = Message();
                message.Remove("text");
                message["photo"] = new JsonArray(new JsonObject { ["file_id"] = "f" + random.Next(), ["file_unique_id"] = "u", ["width"] = 10, ["height"] = 10 });
                message["caption"] = Pick(random, Texts);
                message["location"] = new JsonObject { ["latitude"] = -6.2, ["longitude"] = 106.8 };
                update["message"] = message;
                break;
        }

        return update;
    }

    /// <summary>One structural change somewhere in the tree.</summary>
    private static void Mutate(Random random, JsonNode root)
    {
        var objects = new List<JsonObject>();
        Collect(root, objects);
        var target = objects[random.Next(objects.Count)];
        var keys = target.Select(kv => kv.Key).ToList();
        if (keys.Count == 0)
        {
            return;
        }

        var key = keys[random.Next(keys.Count)];
        switch (random.Next(6))
        {
            case 0:
                target.Remove(key);
                break;
            case 1:
                target[key] = WrongType(random);
                break;
            case 2:
                target[key] = string.Concat(Enumerable.Repeat(Pick(random, ["a", "é", "字", "😀", "\u200B"]), random.Next(5_000, 100_000)));
                break;
            case 3:
                target[key] = Pick<JsonNode?>(random, [long.MaxValue, long.MinValue, -1, 0, double.MaxValue, 1.5]);
                break;
            case 4:
                target[key] = null;
                break;
            default:
                target["unexpected_" + random.Next(100)] = WrongType(random);
                break;
        }
    }

    private static JsonNode? WrongType(Random random) => random.Next(6) switch
    {
        0 => JsonValue.Create("string"),
        1 => JsonValue.Create(random.Next()),
        2 => new JsonArray(1, "two", null),
        3 => new JsonObject { ["nested"] = new JsonObject() },
        4 => JsonValue.Create(true),
        _ => null,
    };

    private static void Collect(JsonNode? node, List<JsonObject> into)
    {
        if (node is JsonObject o)
        {
            into.Add(o);
            foreach (var (_, child) in o)
            {
                Collect(child, into);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var child in a)
            {
                Collect(child, into);
            }
        }
    }

    /// <summary>Invalid UTF-8 (a lone continuation byte, an overlong form, a surrogate) spliced into a string value.</summary>
    private static byte[] InvalidUtf8(Random random, byte[] json)
    {
        var quote = Array.IndexOf(json, (byte)'"', random.Next(json.Length / 2));
        var at = quote < 0 ? json.Length / 2 : quote + 1;
        byte[] bad = Pick(random, new[] { new byte[] { 0x80 }, [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF, 0xFE], [0xF4, 0x90, 0x80, 0x80] });
        return [.. json[..at], .. bad, .. json[at..]];
    }

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
