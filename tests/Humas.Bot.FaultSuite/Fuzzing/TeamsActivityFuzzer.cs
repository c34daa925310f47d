using System.Text.Json.Nodes;
using Humas.Bot.FakePlatforms.Teams;
using Humas.Bot.FaultSuite.Support;

namespace Humas.Bot.FaultSuite.Fuzzing;

/// <summary>
/// Bot Framework activities for POST /api/messages, each with a bearer token our local identity provider signed
/// for the activity's serviceUrl (so they pass authentication and reach the handlers): messages with commands
/// and free text, card submits, Action.Execute invokes, installs and uninstalls, then mutated like every other
/// generator's bodies. Replies go to a fake Bot Connector that accepts everything.
/// </summary>
public sealed class TeamsActivityFuzzer : IFuzzGenerator, IAsyncDisposable
{
    private static readonly string[] Texts =
    [
        "langganan", "/langganan", "berhenti", "pengaturan", "terbaru", "usulan", "batal", "status", "daftar KODE123", "teraktif",
        "bantuan", "help", "<at>Humas Bot</at> langganan", "halo", "", " ", "/", "Berita ini 👍🏽 sangat bermanfaat", "\u0000\u0001",
        "\u202Eevil", "<b>html</b>", "usulan " + new string('x', 5000),
    ];

    private static readonly string[] Actions = ["r:1:abc", "r:9:", "r:1", "t:accept:1", "t:reject:999999", "m:lang:en", "", "x", "r:-1:zz", new string('r', 300)];

    private readonly FakeIdentityProvider _identity;
    private readonly FakeBotConnector _connector;

    private TeamsActivityFuzzer(FakeIdentityProvider identity, FakeBotConnector connector)
    {
        _identity = identity;
        _connector = connector;
    }

    public string Name => "teams";

    public string Path => "/api/messages";

    public static async Task<TeamsActivityFuzzer> StartAsync()
    {
        var identity = await FakeIdentityProvider.StartAsync();
        return new TeamsActivityFuzzer(identity, await FakeBotConnector.StartAsync(identity, enforceLimits: false));
    }

    public IReadOnlyDictionary<string, string?> Settings(Deployment deployment)
    {
        var settings = _identity.Settings();
        settings["Teams:DefaultServiceUrl"] = _connector.ServiceUrl;
        return settings;
    }

    public FuzzRequest Next(Random random, int index)
    {
        var token = _identity.MintInbound(new InboundTokenSpec { Audience = _identity.AppId, ServiceUrl = _connector.ServiceUrl });
        var (body, contentType) = JsonFuzz.Body(random, Valid(random, index));
        return new FuzzRequest(body, new Dictionary<string, string> { ["Authorization"] = "Bearer " + token }, contentType);
    }

    private JsonObject Valid(Random random, int index)
    {
        var user = "u" + random.Next(500);
        var kind = JsonFuzz.Pick(random, ["personal", "personal", "channel", "groupChat"]);
        var conversationId = kind == "personal" ? "a:chat-" + user : "19:team" + random.Next(20) + "@thread.tacv2";
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = "act-" + index,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = _connector.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:" + user, ["name"] = "Pegawai " + user, ["aadObjectId"] = "aad-" + user },
            ["recipient"] = new JsonObject { ["id"] = "28:" + _identity.AppId, ["name"] = "Humas Bot" },
            ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = kind, ["tenantId"] = _identity.TenantId },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = _identity.TenantId } },
            ["locale"] = JsonFuzz.Pick(random, ["id-ID", "en-US", "fr", ""]),
        };
        switch (random.Next(6))
        {
            case 0:
            case 1:
                activity["text"] = JsonFuzz.Pick(random, Texts);
                break;
            case 2:
                activity["value"] = new JsonObject { ["humas"] = JsonFuzz.Pick(random, Actions), ["tipText"] = JsonFuzz.Pick(random, Texts) };
                break;
            case 3:
                activity["type"] = "invoke";
                activity["name"] = JsonFuzz.Pick(random, ["adaptiveCard/action", "adaptiveCard/action", "composeExtension/query", ""]);
                activity["replyToId"] = "m" + random.Next(100);
                activity["value"] = new JsonObject
                {
                    ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "humas", ["data"] = new JsonObject { ["humas"] = JsonFuzz.Pick(random, Actions) } },
                };
                break;
            case 4:
                activity["type"] = "conversationUpdate";
                activity[JsonFuzz.Pick(random, ["membersAdded", "membersRemoved"])] = new JsonArray(new JsonObject { ["id"] = "28:" + _identity.AppId });
                break;
            default:
                activity["type"] = "installationUpdate";
                activity["action"] = JsonFuzz.Pick(random, ["add", "remove", "add-upgrade", "weird"]);
                activity["attachments"] = new JsonArray(new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
                    ["name"] = "../../etc/passwd",
                    ["content"] = new JsonObject { ["downloadUrl"] = _connector.ServiceUrl + "files/x", ["fileType"] = "jpg" },
                });
                break;
        }

        return activity;
    }

    public async ValueTask DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _identity.DisposeAsync();
    }
}
