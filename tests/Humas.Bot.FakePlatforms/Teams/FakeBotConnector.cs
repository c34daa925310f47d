using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Humas.Bot.FakePlatforms.Telegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Humas.Bot.FakePlatforms.Teams;

/// <summary>One Connector call as the fake received it.</summary>
public sealed record ConnectorCall(
    string Method, string ConversationId, string? ActivityId, JsonNode? Body, int Status, long Timestamp)
{
    /// <summary>The Adaptive Cards the activity carried.</summary>
    public IEnumerable<JsonObject> Cards => (Body?["attachments"] as JsonArray ?? [])
        .Where(a => a?["contentType"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")
        .Select(a => a!["content"]).OfType<JsonObject>();

    public string? Text => Body?["text"]?.GetValue<string>();

    /// <summary>The app whose token the call carried (the identity provider's client id); null without a valid one.</summary>
    public string? AppId { get; init; }
}

/// <summary>An injected failure: the next matching request(s) get this status and error body.</summary>
public sealed record ConnectorFault(int Status, string Code, string? SubCode = null, int? RetryAfterSeconds = null);

/// <summary>
/// A Bot Connector on 127.0.0.1 (the bot's serviceUrl in tests): send, reply, update, delete, create
/// conversation and get member, each checked for a token the <see cref="FakeIdentityProvider"/> issued.
/// It records every call, and enforces the published Teams limits as exact sliding windows: per
/// conversation 7/1s, 8/2s, 60/30s, 1800/h and a per-tenant rate, answering 429 with Retry-After. Faults
/// (403 MessageWritesBlocked, 404 ConversationNotFound, 412, 5xx) can be injected per conversation.
/// </summary>
public sealed class FakeBotConnector : IAsyncDisposable
{
    public const string CorrelationHeader = "X-Correlating-OperationId";
    private const string AppKey = "fake-teams-app";
    private static readonly (int Count, TimeSpan Per)[] ConversationWindows =
    [
        (7, TimeSpan.FromSeconds(1)), (8, TimeSpan.FromSeconds(2)), (60, TimeSpan.FromSeconds(30)), (1800, TimeSpan.FromHours(1)),
    ];

    private readonly FakeIdentityProvider _identity;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private readonly ConcurrentDictionary<string, RateLimiter.Window[]> _conversationWindows = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ConnectorFault>> _faults = new();
    private readonly ConcurrentDictionary<string, ConnectorFault> _gone = new();
    private readonly ConcurrentDictionary<string, string> _roles = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly RateLimiter.Window? _tenant;
    private readonly TimeProvider _time = TimeProvider.System;
    private WebApplication? _app;
    private long _nextId;
    private int _throttled;

    private FakeBotConnector(FakeIdentityProvider identity, int tenantPerSecond, bool enforceLimits)
    {
        _identity = identity;
        EnforceLimits = enforceLimits;
        _tenant = tenantPerSecond > 0 ? new RateLimiter.Window(tenantPerSecond, TimeSpan.FromSeconds(1)) : null;
    }

    /// <summary>The serviceUrl, ending in "/" like the real ones.</summary>
    public string ServiceUrl { get; private set; } = "";

    public bool EnforceLimits { get; }

    /// <summary>429 answers given so far.</summary>
    public int Throttled => _throttled;

    public IReadOnlyList<ConnectorCall> Calls => _calls.ToArray();

    /// <param name="latency">Every answer held this long after its request arrived (a far round trip); none by default.</param>
    public static async Task<FakeBotConnector> StartAsync(
        FakeIdentityProvider identity, int tenantPerSecond = 50, bool enforceLimits = true, ResponseLatency? latency = null, CancellationToken ct = default)
    {
        var fake = new FakeBotConnector(identity, tenantPerSecond, enforceLimits);
        var handler = (latency ?? ResponseLatency.None).Wrap(fake.HandleAsync, fake._time);
        (fake._app, var baseUrl) = await KestrelLoopback.StartAsync(handler, 0, ct).ConfigureAwait(false);
        fake.ServiceUrl = baseUrl + "/";
        return fake;
    }

    public IReadOnlyList<ConnectorCall> CallsTo(string conversationId) => Calls.Where(c => c.ConversationId == conversationId).ToArray();

    /// <summary>The next <paramref name="times"/> calls to this conversation fail with <paramref name="fault"/>.</summary>
    public void Inject(string conversationId, ConnectorFault fault, int times = 1)
    {
        var queue = _faults.GetOrAdd(conversationId, _ => new ConcurrentQueue<ConnectorFault>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(fault);
        }
    }

    /// <summary>The user blocked the bot: 403 MessageWritesBlocked from now on.</summary>
    public void Block(string conversationId) => _gone[conversationId] = new ConnectorFault(403, "Forbidden", "MessageWritesBlocked");

    /// <summary>The conversation no longer exists: 404 ConversationNotFound from now on.</summary>
    public void Remove(string conversationId) => _gone[conversationId] = new ConnectorFault(404, "ConversationNotFound");

    /// <summary>
    /// A file a reader attached: <c>DownloadUrl</c> is pre-authorised (file.download.info), <c>ContentUrl</c>
    /// needs the bot's token (a pasted image's contentUrl).
    /// </summary>
    public (string DownloadUrl, string ContentUrl) AddFile(string name, byte[] content)
    {
        _files[name] = content;
        return (ServiceUrl + "files/" + Uri.EscapeDataString(name), ServiceUrl + "v3/attachments/" + Uri.EscapeDataString(name));
    }

    /// <summary>What GET member answers as userRole ("user" unless set).</summary>
    public void SetRole(string userId, string role) => _roles[userId] = role;

    private async Task HandleAsync(HttpContext http)
    {
        var method = http.Request.Method;
        var parts = (http.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        JsonNode? body = null;
        if (method is "POST" or "PUT")
        {
            try
            {
                body = await JsonNode.ParseAsync(http.Request.Body);
            }
            catch (System.Text.Json.JsonException)
            {
                await ErrorAsync(http, new ConnectorFault(400, "BadSyntax"), "unreadable body");
                return;
            }
        }

        if (parts is ["files", var download] && method == "GET" && _files.TryGetValue(download, out var open))
        {
            await FileAsync(http, "DOWNLOAD", download, open);
            return;
        }

        var auth = http.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_identity.IsIssued(auth["Bearer ".Length..]))
        {
            await RecordAsync(http, method, "", null, body, new ConnectorFault(401, "BotNotRegistered"));
            return;
        }

        http.Items[AppKey] = _identity.AppOf(auth["Bearer ".Length..]);

        switch (parts)
        {
            case ["v3", "conversations"] when method == "POST":
                var created = "a:fake-" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
                await RecordAsync(http, "CREATE", created, null, body, null,
                    new JsonObject { ["id"] = created, ["serviceUrl"] = ServiceUrl, ["activityId"] = NextId() });
                return;
            case ["v3", "attachments", var name] when method == "GET" && _files.TryGetValue(name, out var guarded):
                await FileAsync(http, "ATTACHMENT", name, guarded);
                return;
            case ["v3", "conversations", var conversation, "members", var user] when method == "GET":
                await RecordAsync(http, "MEMBER", conversation, user, null, null,
                    new JsonObject { ["id"] = user, ["name"] = user, ["userRole"] = _roles.GetValueOrDefault(user, "user") });
                return;
            case ["v3", "conversations", var conversation, "activities"] when method == "POST":
                await SendAsync(http, "SEND", conversation, null, body);
                return;
            case ["v3", "conversations", var conversation, "activities", var activity] when method is "POST" or "PUT" or "DELETE":
                await SendAsync(http, method switch { "POST" => "REPLY", "PUT" => "UPDATE", _ => "DELETE" }, conversation, activity, body);
                return;
            default:
                http.Response.StatusCode = 404;
                return;
        }
    }

    private async Task SendAsync(HttpContext http, string operation, string conversation, string? activityId, JsonNode? body)
    {
        if (_gone.TryGetValue(conversation, out var gone))
        {
            await RecordAsync(http, operation, conversation, activityId, body, gone);
            return;
        }

        if (_faults.TryGetValue(conversation, out var queue) && queue.TryDequeue(out var fault))
        {
            await RecordAsync(http, operation, conversation, activityId, body, fault);
            return;
        }

        if (EnforceLimits && operation != "DELETE" && TryAcquire(conversation) is { } wait)
        {
            Interlocked.Increment(ref _throttled);
            await RecordAsync(http, operation, conversation, activityId, body, new ConnectorFault(429, "Throttled", null, wait));
            return;
        }

        var id = operation is "SEND" or "REPLY" ? NextId() : activityId!;
        await RecordAsync(http, operation, conversation, activityId ?? id, body, null, operation == "DELETE" ? null : new JsonObject { ["id"] = id });
    }

    /// <summary>Null when allowed (and counted in every window), else whole seconds to wait.</summary>
    private int? TryAcquire(string conversation)
    {
        var windows = _conversationWindows.GetOrAdd(conversation, _ => ConversationWindows.Select(w => new RateLimiter.Window(w.Count, w.Per)).ToArray());
        var now = _time.GetTimestamp();
        lock (windows)
        {
            var wait = windows.Max(w => w.WaitTicks(now, _time.TimestampFrequency));
            if (wait == 0 && _tenant is not null)
            {
                lock (_tenant)
                {
                    wait = _tenant.WaitTicks(now, _time.TimestampFrequency);
                    if (wait == 0)
                    {
                        _tenant.Add(now);
                    }
                }
            }

            if (wait > 0)
            {
                return (int)Math.Max(1, Math.Ceiling(wait / (double)_time.TimestampFrequency));
            }

            foreach (var w in windows)
            {
                w.Add(now);
            }

            return null;
        }
    }

    private string NextId() => "1" + Interlocked.Increment(ref _nextId).ToString("D12", CultureInfo.InvariantCulture);

    private async Task RecordAsync(HttpContext http, string operation, string conversation, string? activityId, JsonNode? body, ConnectorFault? fault, JsonObject? answer = null)
    {
        _calls.Enqueue(new ConnectorCall(operation, conversation, activityId, body, fault?.Status ?? 200, _time.GetTimestamp()) { AppId = http.Items[AppKey] as string });
        if (fault is not null)
        {
            await ErrorAsync(http, fault, $"{fault.Code} (fake)");
            return;
        }

        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync((answer ?? new JsonObject()).ToJsonString());
    }

    private async Task FileAsync(HttpContext http, string operation, string name, byte[] content)
    {
        _calls.Enqueue(new ConnectorCall(operation, "", name, null, 200, _time.GetTimestamp()));
        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = content.Length;
        await http.Response.Body.WriteAsync(content);
    }

    private static async Task ErrorAsync(HttpContext http, ConnectorFault fault, string message)
    {
        http.Response.StatusCode = fault.Status;
        http.Response.Headers[CorrelationHeader] = Guid.NewGuid().ToString();
        if (fault.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var error = new JsonObject { ["code"] = fault.Code, ["message"] = message };
        if (fault.SubCode is not null)
        {
            error["subCode"] = fault.SubCode;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(new JsonObject { ["error"] = error }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
