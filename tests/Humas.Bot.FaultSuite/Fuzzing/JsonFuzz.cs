using System.Text;
using System.Text.Json.Nodes;

namespace Humas.Bot.FaultSuite.Fuzzing;

/// <summary>
/// The hostile bodies every generator sends, made from one valid request of its platform: the valid one,
/// mutated (fields dropped, wrong types, huge strings, numbers out of range, nulls, extra fields), with invalid
/// UTF-8 spliced in, truncated, bare JSON values, deep nesting, random bytes.
/// </summary>
public static class JsonFuzz
{
    public static (byte[] Body, string ContentType) Body(Random random, JsonObject valid)
    {
        var roll = random.Next(100);
        byte[] body;
        if (roll < 15)
        {
            body = Encoding.UTF8.GetBytes(valid.ToJsonString());
        }
        else if (roll < 65)
        {
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                Mutate(random, valid);
            }

            body = Encoding.UTF8.GetBytes(valid.ToJsonString());
        }
        else if (roll < 75)
        {
            body = InvalidUtf8(random, Encoding.UTF8.GetBytes(valid.ToJsonString()));
        }
        else if (roll < 82)
        {
            var json = valid.ToJsonString();
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

        return (body, random.Next(20) == 0 ? "text/plain" : "application/json");
    }

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

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
}
