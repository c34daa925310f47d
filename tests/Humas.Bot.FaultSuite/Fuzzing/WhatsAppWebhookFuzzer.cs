using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Humas.Bot.FakePlatforms.WhatsApp;
using Humas.Bot.FaultSuite.Support;

namespace Humas.Bot.FaultSuite.Fuzzing;

/// <summary>
/// WhatsApp webhooks for POST /api/whatsapp/webhook, each signed with the app secret over the exact bytes sent
/// (so they pass the signature and reach the inbox and the handlers): messages of every type the bot reads
/// (text commands, quick-reply payloads, list replies, media, locations, reactions) and statuses, then mutated
/// like the other generators' bodies. Replies go to a fake Cloud API without limits.
/// </summary>
public sealed class WhatsAppWebhookFuzzer : IFuzzGenerator, IAsyncDisposable
{
    private static readonly string[] Texts =
    [
        "mulai", "langganan", "langganan kemensos", "berhenti", "stop", "bantuan", "usulan", "batal", "selesai", "status", "daftar KODE1",
        "halo", "", " ", "/start", "Berita ini 👍🏽 sangat bermanfaat", "\u0000\u0001", "\u202Eevil", "usulan " + new string('x', 5000),
    ];

    private static readonly string[] Payloads = ["r1:AAAAAAAAAAAAAAAAAAAAAA:1", "r1:AAAAAAAAAAAAAAAAAAAAAA:9", "r1:!!:1", "sub:all", "sub:i:setneg", "t:done", "t:cancel", "set:lang:en", "", new string('r', 300)];

    private readonly FakeCloudApi _fake;

    private WhatsAppWebhookFuzzer(FakeCloudApi fake) => _fake = fake;

    public static async Task<WhatsAppWebhookFuzzer> StartAsync() =>
        new(await FakeCloudApi.StartAsync(perSecond: 100_000, pairPerMinute: 100_000));

    public string Name => "whatsapp";

    public string Path => "/api/whatsapp/webhook";

    public IReadOnlyDictionary<string, string?> Settings(Deployment deployment) => _fake.Settings();

    public FuzzRequest Next(Random random, int index)
    {
        var (body, contentType) = JsonFuzz.Body(random, Valid(random, index));
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_fake.AppSecret), body));
        return new FuzzRequest(body, new Dictionary<string, string> { ["X-Hub-Signature-256"] = signature }, contentType);
    }

    private static JsonObject Valid(Random random, int index)
    {
        var waId = "62812" + random.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture);
        var id = "wamid.FUZZ" + index.ToString(CultureInfo.InvariantCulture);
        var timestamp = DateTimeOffset.UtcNow.AddMinutes(-random.Next(0, 3000)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (random.Next(5) == 0)
        {
            var status = FakeCloudApi.StatusObject("wamid.FAKE" + random.Next(1, 100).ToString("D8", CultureInfo.InvariantCulture),
                JsonFuzz.Pick(random, ["sent", "delivered", "read", "failed", "weird"]), waId, random.Next(3) == 0 ? JsonFuzz.Pick(random, [131047, 131026, 131050, 1]) : null);
            return FakeCloudApi.Statuses(status);
        }

        var message = new JsonObject { ["from"] = waId, ["id"] = id, ["timestamp"] = timestamp };
        switch (random.Next(7))
        {
            case 0:
            case 1:
                message["type"] = "text";
                message["text"] = new JsonObject { ["body"] = JsonFuzz.Pick(random, Texts) };
                break;
            case 2:
                message["type"] = "button";
                message["button"] = new JsonObject { ["payload"] = JsonFuzz.Pick(random, Payloads), ["text"] = "👍 Suka" };
                break;
            case 3:
                message["type"] = "interactive";
                message["interactive"] = new JsonObject
                {
                    ["type"] = JsonFuzz.Pick(random, ["list_reply", "button_reply", "nfm_reply"]),
                    ["list_reply"] = new JsonObject { ["id"] = JsonFuzz.Pick(random, Payloads), ["title"] = "x" },
                    ["button_reply"] = new JsonObject { ["id"] = JsonFuzz.Pick(random, Payloads), ["title"] = "x" },
                };
                break;
            case 4:
                var kind = JsonFuzz.Pick(random, ["image", "document", "audio", "sticker"]);
                message["type"] = kind;
                message[kind] = new JsonObject { ["id"] = random.Next().ToString(CultureInfo.InvariantCulture), ["mime_type"] = "image/jpeg", ["caption"] = JsonFuzz.Pick(random, Texts) };
                break;
            case 5:
                message["type"] = "location";
                message["location"] = new JsonObject { ["latitude"] = -6.1754, ["longitude"] = 106.8272, ["name"] = "Monas" };
                break;
            default:
                message["type"] = JsonFuzz.Pick(random, ["reaction", "unknown", "system", "contacts"]);
                message["reaction"] = new JsonObject { ["message_id"] = "wamid.x", ["emoji"] = "👍" };
                break;
        }

        return FakeCloudApi.Envelope(new JsonObject
        {
            ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = JsonFuzz.Pick(random, ["Ana", "", new string('n', 3000)]) }, ["wa_id"] = waId }),
            ["messages"] = new JsonArray(message),
        });
    }

    public ValueTask DisposeAsync() => _fake.DisposeAsync();
}
