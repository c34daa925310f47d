using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Humas.Bot.FakePlatforms.Teams;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Channels.Teams;

/// <summary>
/// The real host with Teams on, a local identity provider signing inbound tokens and issuing the bot's own,
/// and a fake Bot Connector as every conversation's serviceUrl; plus builders for the activities Teams sends.
/// </summary>
public sealed class TeamsHarness : IAsyncDisposable
{
    public const string Tenant = "tenant-1";
    public const string EditorsChannel = "19:redaksi@thread.tacv2";
    public const string PublishKey = "teams-cms-key";

    private TeamsHarness(FakeIdentityProvider identity, FakeBotConnector connector, HumasAppFactory app)
    {
        Identity = identity;
        Connector = connector;
        App = app;
        Http = app.Client();
    }

    public FakeIdentityProvider Identity { get; }
    public FakeBotConnector Connector { get; }
    public HumasAppFactory App { get; }
    public HttpClient Http { get; }
    public string BotId => "28:" + Identity.AppId;

    /// <summary>Every Adaptive Card the bot produced (sent, updated, or answered to an invoke), for the validator.</summary>
    public List<JsonObject> InvokeCards { get; } = [];

    public static async Task<TeamsHarness> StartAsync(
        Dictionary<string, string?>? settings = null, bool enforceLimits = true, DatabaseKind database = DatabaseKind.Sqlite, bool kestrel = false,
        Action<IServiceCollection>? services = null)
    {
        var identity = await FakeIdentityProvider.StartAsync(tenantId: Tenant);
        var connector = await FakeBotConnector.StartAsync(identity, enforceLimits: enforceLimits);
        var all = identity.Settings();
        all["Teams:KeysRefetchMinimumSeconds"] = "0";
        all["Teams:DefaultServiceUrl"] = connector.ServiceUrl;
        all["Teams:EditorsConversationId"] = EditorsChannel;
        all["Teams:EditorsServiceUrl"] = connector.ServiceUrl;
        all["Publishing:ApiKeys:0"] = PublishKey;
        all["Reactions:RefreshSeconds"] = "1";
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var app = new HumasAppFactory(all, services, database: database);
        if (kestrel)
        {
            app.OnKestrel();
        }

        _ = app.Services;
        return new TeamsHarness(identity, connector, app);
    }

    public HumasDbContext Db() => App.CreateDbContext();

    public string Token(string? serviceUrl = null) =>
        Identity.MintInbound(new InboundTokenSpec { Audience = Identity.AppId, ServiceUrl = serviceUrl ?? Connector.ServiceUrl });

    /// <summary>
    /// Posts the activity as Teams would, with a valid token unless <paramref name="token"/> says otherwise ("" = no header),
    /// to the national app's endpoint unless <paramref name="path"/> names an institution's app's.
    /// </summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token = null, string path = "/api/messages")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        token ??= Token(activity["serviceUrl"]?.GetValue<string>());
        if (token.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await Http.SendAsync(request);
        return response;
    }

    public async Task<JsonObject?> InvokeAsync(JsonObject activity)
    {
        var response = await PostAsync(activity);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        if (body["value"] is JsonObject card && body["type"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")
        {
            InvokeCards.Add(card);
        }

        return body;
    }

    public JsonObject Personal(string user, string? text = null, string locale = "id-ID") => Activity("message", PersonalConversation(user), user, text, locale);

    public static string PersonalConversation(string user) => "a:chat-" + user;

    public JsonObject Activity(string type, string conversationId, string user, string? text = null, string locale = "id-ID", string conversationType = "personal")
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = "act-" + Guid.NewGuid().ToString("N")[..8],
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = Connector.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:" + user, ["name"] = "Pegawai " + user, ["aadObjectId"] = "aad-" + user },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Humas Bot" },
            ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = conversationType, ["tenantId"] = Tenant },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
            ["locale"] = locale,
        };
        if (text is not null)
        {
            activity["text"] = text;
        }

        return activity;
    }

    /// <summary>The bot was installed: conversationUpdate with the bot among membersAdded.</summary>
    public JsonObject Installed(string conversationId, string user, string conversationType = "personal")
    {
        var activity = Activity("conversationUpdate", conversationId, user, conversationType: conversationType);
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId });
        return activity;
    }

    /// <summary>An Action.Submit press: a message whose value is the card's data merged with its inputs.</summary>
    public JsonObject Submit(string conversationId, string user, string action, string conversationType = "personal", params (string Key, string Value)[] inputs)
    {
        var activity = Activity("message", conversationId, user, conversationType: conversationType);
        var value = new JsonObject { ["humas"] = action };
        foreach (var (key, v) in inputs)
        {
            value[key] = v;
        }

        activity["value"] = value;
        return activity;
    }

    /// <summary>An Action.Execute press on a card: invoke adaptiveCard/action.</summary>
    public JsonObject Execute(string user, JsonObject action, string? replyToId = null)
    {
        var activity = Activity("invoke", PersonalConversation(user), user);
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = replyToId;
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = action["verb"]!.DeepClone(), ["data"] = action["data"]!.DeepClone() },
        };
        return activity;
    }

    public static async Task<T> WaitForAsync<T>(Func<T?> find, string what)
        where T : class
    {
        T? found = null;
        await Eventually.UntilAsync(() => (found = find()) is not null, what);
        return found!;
    }

    /// <summary>The first successful call to this conversation matching <paramref name="match"/>.</summary>
    public Task<ConnectorCall> WaitForCallAsync(string conversationId, Func<ConnectorCall, bool> match, string what) =>
        WaitForAsync(() => Connector.CallsTo(conversationId).FirstOrDefault(c => c.Status == 200 && match(c)), what);

    /// <summary>Every card the bot sent or answered with, validated by the official Adaptive Cards library.</summary>
    public void AssertAllCardsValid()
    {
        var cards = Connector.Calls.Where(c => c.Status == 200).SelectMany(c => c.Cards).Concat(InvokeCards).ToList();
        Assert.NotEmpty(cards);
        AdaptiveCardValidator.AssertValid(cards);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await Connector.DisposeAsync();
        await Identity.DisposeAsync();
    }
}
