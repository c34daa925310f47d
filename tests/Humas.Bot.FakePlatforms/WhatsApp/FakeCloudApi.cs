using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Humas.Bot.FakePlatforms.Telegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Humas.Bot.FakePlatforms.WhatsApp;

/// <summary>One message send as the fake received it; <see cref="Code"/> is Graph's error code when refused.</summary>
public sealed record WaSend(string To, string Type, JsonObject Body, int Status, int? Code, string? MessageId)
{
    /// <summary>The business number it was sent from (its phone number id).</summary>
    public string From { get; init; } = FakeCloudApi.PhoneNumberId;

    /// <summary>When the fake answered (<see cref="Stopwatch"/> ticks), for the benchmark's rate.</summary>
    public long At { get; init; } = Stopwatch.GetTimestamp();

    public string? Text => Body["text"]?["body"]?.GetValue<string>();

    /// <summary>List row ids, reply button ids or template quick-reply payloads, in order.</summary>
    public IReadOnlyList<string> Choices => Type switch
    {
        "interactive" when Body["interactive"]?["type"]?.GetValue<string>() == "list" =>
            (Body["interactive"]!["action"]!["sections"] as JsonArray ?? []).SelectMany(s => s!["rows"] as JsonArray ?? []).Select(r => r!["id"]!.GetValue<string>()).ToList(),
        "interactive" => (Body["interactive"]!["action"]!["buttons"] as JsonArray ?? []).Select(b => b!["reply"]!["id"]!.GetValue<string>()).ToList(),
        "template" => (Body["template"]!["components"] as JsonArray ?? [])
            .Where(c => c!["type"]?.GetValue<string>() == "button")
            .Select(c => c!["parameters"]![0]!["payload"]!.GetValue<string>()).ToList(),
        _ => [],
    };

    /// <summary>An article: its choices are the five votes.</summary>
    public bool IsArticle => Choices.Count == 5 && Choices.All(c => c.StartsWith("r1:", StringComparison.Ordinal));

    public bool IsList => Type == "interactive" && Body["interactive"]?["type"]?.GetValue<string>() == "list";
}

/// <summary>An approved template as the fake knows it: its languages, body parameters and quick-reply buttons.</summary>
public sealed record FakeTemplate(string Name, string[] Languages, int BodyParameters = 1, int QuickReplies = 5, bool ImageHeader = false);

/// <summary>
/// The WhatsApp Cloud API on 127.0.0.1, as strict as the real one where Meta documents how (docs/WHATSAPP.md): the bearer token
/// (else 401, code 190), the message shapes and their limits (else 400, code 100; unknown template 132001;
/// parameter count 132000), the 24-hour window (free-form outside it: 131047, synchronously or, with
/// <see cref="FailOutsideWindowLater"/>, as a failed status after a 200), the number's throughput (130429)
/// and the pair rate (131056). It records every send, serves media, and builds signed webhooks. It serves
/// <see cref="PhoneNumberId"/> and any number added with <see cref="AddNumber"/>, as one Meta app's host does: each
/// number with its own token, throughput, pair rates and 24-hour windows.
/// </summary>
public sealed class FakeCloudApi : IAsyncDisposable
{
    public const string PhoneNumberId = "106540352242922";
    public const string BusinessNumber = "628111500123";

    private readonly ConcurrentQueue<WaSend> _sends = new();
    private readonly ConcurrentDictionary<string, DateTime> _windows = new();
    private readonly ConcurrentDictionary<string, RateLimiter.Window> _pairs = new();
    private readonly ConcurrentDictionary<string, (string Token, RateLimiter.Window Throughput)> _numbers = new();
    private readonly int _perSecond;
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string Mime)> _media = new();
    private readonly ConcurrentQueue<JsonObject> _pendingStatuses = new();
    private readonly ConcurrentDictionary<string, FakeTemplate> _templates;
    private readonly object _gate = new();
    private WebApplication? _app;
    private long _next;
    private int _throttled;
    private int _tokenRefusals;

    private FakeCloudApi(string accessToken, string appSecret, string version, int perSecond, int pairPerMinute, IEnumerable<FakeTemplate> templates)
    {
        AccessToken = accessToken;
        AppSecret = appSecret;
        Version = version;
        PairPerMinute = pairPerMinute;
        _perSecond = perSecond;
        _numbers[PhoneNumberId] = (accessToken, new RateLimiter.Window(perSecond, TimeSpan.FromSeconds(1)));
        _templates = new(templates.ToDictionary(t => t.Name));
    }

    public string BaseUrl { get; private set; } = "";
    public string AccessToken { get; }

    /// <summary>Meta revoked the token (an operator rotated it, the system user lost access): every call answers 401, code 190.</summary>
    public bool TokenRevoked { get; set; }
    public string AppSecret { get; }
    public string Version { get; }
    public int PairPerMinute { get; }

    /// <summary>Accept free-form sends outside the window with 200, and report 131047 as a failed status (<see cref="TakeStatuses"/>).</summary>
    public bool FailOutsideWindowLater { get; set; }

    /// <summary>130429 and 131056 answers given so far.</summary>
    public int Throttled => _throttled;

    /// <summary>Calls answered 401, code 190 (a wrong or revoked token).</summary>
    public int TokenRefusals => _tokenRefusals;

    public IReadOnlyList<WaSend> Sends => _sends.ToArray();

    public IReadOnlyList<WaSend> SendsTo(string waId) => Sends.Where(s => s.To == waId).ToArray();

    public static async Task<FakeCloudApi> StartAsync(
        string accessToken = "fake-wa-token", string appSecret = "fake-app-secret", string version = "v23.0",
        int perSecond = 80, int pairPerMinute = 10, IEnumerable<FakeTemplate>? templates = null, CancellationToken ct = default)
    {
        var fake = new FakeCloudApi(accessToken, appSecret, version, perSecond, pairPerMinute, templates ?? [new FakeTemplate("humas_artikel", ["id", "en"])]);
        (fake._app, fake.BaseUrl) = await KestrelLoopback.StartAsync(fake.HandleAsync, 0, ct).ConfigureAwait(false);
        return fake;
    }

    /// <summary>The settings that point the service at this fake.</summary>
    public Dictionary<string, string?> Settings(string template = "humas_artikel") => new()
    {
        ["WhatsApp:PhoneNumberId"] = PhoneNumberId,
        ["WhatsApp:AccessToken"] = AccessToken,
        ["WhatsApp:AppSecret"] = AppSecret,
        ["WhatsApp:VerifyToken"] = "fake-verify-token",
        ["WhatsApp:ApiBaseUrl"] = BaseUrl,
        ["WhatsApp:ApiVersion"] = Version,
        ["WhatsApp:ArticleTemplate"] = template,
    };

    /// <summary>
    /// Another business number of the same app (an institution's own), with its own token (the fake's by default) and
    /// throughput (the fake's by default).
    /// </summary>
    public void AddNumber(string phoneNumberId, string? accessToken = null, int? perSecond = null) =>
        _numbers[phoneNumberId] = (accessToken ?? AccessToken, new RateLimiter.Window(perSecond ?? _perSecond, TimeSpan.FromSeconds(1)));

    /// <summary>Another approved template (an institution's business account's own).</summary>
    public void AddTemplate(FakeTemplate template) => _templates[template.Name] = template;

    /// <summary>The reader wrote to <paramref name="number"/> at <paramref name="at"/> (now by default): their 24-hour window with it is open from then.</summary>
    public void OpenWindow(string waId, DateTime? at = null, string number = PhoneNumberId) => _windows[number + "/" + waId] = at ?? DateTime.UtcNow;

    public void CloseWindow(string waId, string number = PhoneNumberId) => _windows.TryRemove(number + "/" + waId, out _);

    public bool IsWindowOpen(string waId, string number = PhoneNumberId) =>
        _windows.TryGetValue(number + "/" + waId, out var at) && DateTime.UtcNow - at < TimeSpan.FromHours(24);

    /// <summary>A file a reader sent; its media id.</summary>
    public string AddMedia(byte[] bytes, string mime)
    {
        var id = (1003383421 + Interlocked.Increment(ref _next)).ToString(CultureInfo.InvariantCulture);
        _media[id] = (bytes, mime);
        return id;
    }

    /// <summary>Statuses the fake owes the service (131047 failures in <see cref="FailOutsideWindowLater"/> mode), as status objects.</summary>
    public IReadOnlyList<JsonObject> TakeStatuses()
    {
        var taken = new List<JsonObject>();
        while (_pendingStatuses.TryDequeue(out var s))
        {
            taken.Add(s);
        }

        return taken;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var parts = (http.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var auth = http.Request.Headers.Authorization.ToString();
        // A send needs its number's token; the media calls any token of the app.
        var tokenOk = parts is [_, var sender, "messages"] && _numbers.TryGetValue(sender, out var own)
            ? auth == "Bearer " + own.Token
            : _numbers.Values.Any(n => auth == "Bearer " + n.Token);
        if (!tokenOk || TokenRevoked)
        {
            Interlocked.Increment(ref _tokenRefusals);
            await ErrorAsync(http, 401, 190, "Invalid OAuth access token - Cannot parse access token");
            return;
        }

        if (http.Request.Method == "GET" && parts is ["media", var file] && _media.TryGetValue(file, out var stored))
        {
            http.Response.ContentType = stored.Mime;
            await http.Response.Body.WriteAsync(stored.Bytes);
            return;
        }

        if (parts.Length == 0 || parts[0] != Version)
        {
            await ErrorAsync(http, 400, 2500, "Unknown path components");
            return;
        }

        if (http.Request.Method == "GET" && parts.Length == 2)
        {
            if (!_media.TryGetValue(parts[1], out var media))
            {
                await ErrorAsync(http, 400, 100, "Unsupported get request. Object with ID does not exist");
                return;
            }

            await JsonAsync(http, 200, new JsonObject
            {
                ["messaging_product"] = "whatsapp",
                ["url"] = $"{BaseUrl}/media/{parts[1]}",
                ["mime_type"] = media.Mime,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(media.Bytes)),
                ["file_size"] = media.Bytes.Length.ToString(CultureInfo.InvariantCulture),
                ["id"] = parts[1],
            });
            return;
        }

        if (http.Request.Method != "POST" || parts.Length != 3 || !_numbers.ContainsKey(parts[1]) || parts[2] != "messages")
        {
            await ErrorAsync(http, 400, 100, "Unsupported request");
            return;
        }

        JsonObject body;
        try
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            body = JsonNode.Parse(await reader.ReadToEndAsync(http.RequestAborted), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            await ErrorAsync(http, 400, 100, "Invalid JSON: " + e.Message);
            return;
        }

        if (Str(body, "messaging_product") != "whatsapp")
        {
            await ErrorAsync(http, 400, 100, "(#100) The parameter messaging_product is required.");
            return;
        }

        if (Str(body, "status") == "read")
        {
            await JsonAsync(http, 200, new JsonObject { ["success"] = Str(body, "message_id") is { Length: > 0 } });
            return;
        }

        await SendAsync(http, body, parts[1]);
    }

    private async Task SendAsync(HttpContext http, JsonObject body, string from)
    {
        var to = Str(body, "to") ?? "";
        var type = Str(body, "type") ?? "";
        if (to.Length is < 5 or > 20 || !to.All(char.IsAsciiDigit) || Str(body, "recipient_type") is not (null or "individual"))
        {
            await RefuseAsync(http, body, from, to, type, 400, 100, "(#100) Invalid parameter: to");
            return;
        }

        var (code, problem) = type switch
        {
            "text" => CheckText(body),
            "interactive" => CheckInteractive(body),
            "template" => CheckTemplate(body),
            _ => (100, $"(#100) Unsupported message type: {type}"),
        };
        if (problem is not null)
        {
            await RefuseAsync(http, body, from, to, type, code == 132001 ? 404 : 400, code, problem);
            return;
        }

        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            var throughput = _numbers[from].Throughput;
            if (throughput.WaitTicks(now, Stopwatch.Frequency) > 0)
            {
                code = 130429;
            }
            else
            {
                // Meta's pair rate: about one per 6 s on average, bursts borrowed from later (up to ~45); modelled
                // as three minutes' worth in any three minutes, under that burst.
                var pair = _pairs.GetOrAdd(from + "/" + to, _ => new RateLimiter.Window(PairPerMinute * 3, TimeSpan.FromMinutes(3)));
                if (pair.WaitTicks(now, Stopwatch.Frequency) > 0)
                {
                    code = 131056;
                }
                else
                {
                    throughput.Add(now);
                    pair.Add(now);
                }
            }
        }

        if (code is 130429 or 131056)
        {
            Interlocked.Increment(ref _throttled);
            await RefuseAsync(http, body, from, to, type, 400, code, code == 130429
                ? "(#130429) Rate limit hit: Cloud API message throughput has been reached."
                : "(#131056) (Business Account, Consumer Account) pair rate limit hit");
            return;
        }

        var id = "wamid.FAKE" + Interlocked.Increment(ref _next).ToString("D8", CultureInfo.InvariantCulture);
        if (type != "template" && !IsWindowOpen(to, from))
        {
            if (!FailOutsideWindowLater)
            {
                await RefuseAsync(http, body, from, to, type, 400, 131047, "(#131047) Re-engagement message: more than 24 hours have passed since the recipient last replied.");
                return;
            }

            _pendingStatuses.Enqueue(StatusObject(id, "failed", to, 131047));
        }

        _sends.Enqueue(new WaSend(to, type, body, 200, null, id) { From = from });
        await JsonAsync(http, 200, new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = to, ["wa_id"] = to }),
            ["messages"] = new JsonArray(new JsonObject { ["id"] = id }),
        });
    }

    private static (int, string?) CheckText(JsonObject body) =>
        body["text"] is JsonObject text && Str(text, "body") is { Length: > 0 and <= 4096 }
            ? (0, null)
            : (100, "(#100) text.body is required, 1 to 4096 characters");

    private static (int, string?) CheckInteractive(JsonObject body)
    {
        if (body["interactive"] is not JsonObject i || Str(i, "type") is not ("list" or "button") || i["action"] is not JsonObject action)
        {
            return (100, "(#100) interactive.type must be list or button, with an action");
        }

        var bodyText = i["body"] is JsonObject b ? Str(b, "text") : null;
        if (i["footer"] is JsonObject footer && Str(footer, "text") is not { Length: > 0 and <= 60 })
        {
            return (100, "(#100) footer.text: 1 to 60 characters");
        }

        if (i["header"] is JsonObject header)
        {
            var headerType = Str(header, "type");
            if (headerType == "text" ? Str(header, "text") is not { Length: > 0 and <= 60 } : Str(i, "type") == "list" || headerType is not ("image" or "video" or "document"))
            {
                return (100, "(#100) header: a text of 1 to 60 characters (a list has text headers only)");
            }
        }

        if (Str(i, "type") == "list")
        {
            if (bodyText is not { Length: > 0 and <= 4096 })
            {
                return (100, "(#100) body.text: 1 to 4096 characters");
            }

            if (Str(action, "button") is not { Length: > 0 and <= 20 })
            {
                return (100, "(#100) action.button: 1 to 20 characters");
            }

            var sections = action["sections"] as JsonArray ?? [];
            var rows = sections.OfType<JsonObject>().SelectMany(s => s["rows"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (sections.Count is < 1 or > 10 || rows.Count is < 1 or > 10)
            {
                return (100, "(#100) a list has 1 to 10 sections and 1 to 10 rows in total");
            }

            if (sections.Count > 1 && sections.OfType<JsonObject>().Any(s => Str(s, "title") is not { Length: > 0 and <= 24 }))
            {
                return (100, "(#100) section titles: 1 to 24 characters, required with several sections");
            }

            if (sections.OfType<JsonObject>().Any(s => s["title"] is not null && Str(s, "title") is not { Length: > 0 and <= 24 }))
            {
                return (100, "(#100) section title: at most 24 characters");
            }

            foreach (var row in rows)
            {
                if (Str(row, "id") is not { Length: > 0 and <= 200 } || Str(row, "title") is not { Length: > 0 and <= 24 }
                    || (row["description"] is not null && Str(row, "description") is not { Length: <= 72 }))
                {
                    return (100, "(#100) row: id 1 to 200, title 1 to 24, description at most 72 characters");
                }
            }

            return rows.Select(r => Str(r, "id")).Distinct().Count() == rows.Count ? (0, null) : (100, "(#100) row ids must be unique");
        }

        if (bodyText is not { Length: > 0 and <= 1024 })
        {
            return (100, "(#100) body.text: 1 to 1024 characters");
        }

        var buttons = (action["buttons"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (buttons.Count is < 1 or > 3)
        {
            return (100, "(#100) reply buttons: 1 to 3");
        }

        foreach (var button in buttons)
        {
            if (Str(button, "type") != "reply" || button["reply"] is not JsonObject reply
                || Str(reply, "id") is not { Length: > 0 and <= 256 } || Str(reply, "title") is not { Length: > 0 and <= 20 })
            {
                return (100, "(#100) reply button: type reply, id 1 to 256, title 1 to 20 characters");
            }
        }

        return buttons.Select(b => Str(b["reply"]!.AsObject(), "id")).Distinct().Count() == buttons.Count ? (0, null) : (100, "(#100) button ids must be unique");
    }

    private (int, string?) CheckTemplate(JsonObject body)
    {
        if (body["template"] is not JsonObject t || Str(t, "name") is not { } name || t["language"] is not JsonObject language || Str(language, "code") is not { } code)
        {
            return (100, "(#100) template.name and template.language.code are required");
        }

        if (!_templates.TryGetValue(name, out var template) || !template.Languages.Contains(code))
        {
            return (132001, $"(#132001) Template name does not exist in the translation: {name} ({code})");
        }

        var components = (t["components"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var headers = components.Where(c => Str(c, "type") == "header").ToList();
        var bodies = components.Where(c => Str(c, "type") == "body").ToList();
        var buttons = components.Where(c => Str(c, "type") == "button").ToList();
        var bodyParameters = bodies.SelectMany(c => c["parameters"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (headers.Count != (template.ImageHeader ? 1 : 0) || bodyParameters.Count != template.BodyParameters || buttons.Count != template.QuickReplies)
        {
            return (132000, "(#132000) Number of parameters does not match the expected number of params");
        }

        foreach (var p in bodyParameters)
        {
            if (Str(p, "type") != "text" || Str(p, "text") is not { Length: > 0 and <= 1024 } text)
            {
                return (100, "(#100) body parameter: type text, 1 to 1024 characters");
            }

            if (text.Contains('\n', StringComparison.Ordinal) || text.Contains('\t', StringComparison.Ordinal) || text.Contains("     ", StringComparison.Ordinal))
            {
                return (132018, "(#132018) Param text cannot have new-line/tab characters or more than 4 consecutive spaces");
            }
        }

        var indexes = new HashSet<string>();
        foreach (var button in buttons)
        {
            var parameters = button["parameters"] as JsonArray ?? [];
            if (Str(button, "sub_type") != "quick_reply" || Str(button, "index") is not { } index || !int.TryParse(index, CultureInfo.InvariantCulture, out var n)
                || n < 0 || n >= template.QuickReplies || !indexes.Add(index)
                || parameters.Count != 1 || parameters[0] is not JsonObject p || Str(p, "type") != "payload" || Str(p, "payload") is not { Length: > 0 and <= 256 })
            {
                return (100, "(#100) button: sub_type quick_reply, a unique index, one payload parameter");
            }
        }

        return (0, null);
    }

    private async Task RefuseAsync(HttpContext http, JsonObject body, string from, string to, string type, int status, int code, string message)
    {
        _sends.Enqueue(new WaSend(to, type, body, status, code, null) { From = from });
        await ErrorAsync(http, status, code, message);
    }

    private static Task ErrorAsync(HttpContext http, int status, int code, string message) =>
        JsonAsync(http, status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = "OAuthException",
                ["code"] = code,
                ["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = message },
                ["fbtrace_id"] = "AbCdEfFake",
            },
        });

    private static async Task JsonAsync(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    private static string? Str(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // ---- Webhooks, as Meta sends them ----

    /// <summary>A reader's message to <paramref name="number"/>; opens their window with it (as on the real platform).</summary>
    public JsonObject Message(string waId, JsonObject content, string? id = null, string name = "Pembaca", DateTime? at = null, string number = PhoneNumberId)
    {
        var when = at ?? DateTime.UtcNow;
        OpenWindow(waId, when, number);
        var message = new JsonObject
        {
            ["from"] = waId,
            ["id"] = id ?? "wamid.IN" + Interlocked.Increment(ref _next).ToString("D8", CultureInfo.InvariantCulture),
            ["timestamp"] = new DateTimeOffset(when, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in content)
        {
            message[key] = value?.DeepClone();
        }

        return Envelope(
            new JsonObject
            {
                ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = name }, ["wa_id"] = waId }),
                ["messages"] = new JsonArray(message),
            },
            number);
    }

    public JsonObject Text(string waId, string text, string? id = null, string number = PhoneNumberId) =>
        Message(waId, new JsonObject { ["type"] = "text", ["text"] = new JsonObject { ["body"] = text } }, id, number: number);

    /// <summary>A text that answers our message <paramref name="messageId"/> (the reader swiped to reply): it carries <c>context</c>.</summary>
    public JsonObject ReplyTo(string waId, string messageId, string text) =>
        Message(waId, new JsonObject
        {
            ["type"] = "text",
            ["text"] = new JsonObject { ["body"] = text },
            ["context"] = new JsonObject { ["from"] = PhoneNumberId, ["id"] = messageId },
        });

    /// <summary>A quick-reply press under a template.</summary>
    public JsonObject Button(string waId, string payload, string text = "👍 Suka") =>
        Message(waId, new JsonObject { ["type"] = "button", ["button"] = new JsonObject { ["payload"] = payload, ["text"] = text } });

    public JsonObject ListReply(string waId, string rowId, string title = "Pilihan", string number = PhoneNumberId) =>
        Message(waId, new JsonObject
        {
            ["type"] = "interactive",
            ["interactive"] = new JsonObject { ["type"] = "list_reply", ["list_reply"] = new JsonObject { ["id"] = rowId, ["title"] = title } },
        }, number: number);

    public JsonObject ButtonReply(string waId, string id, string title = "Ya", string number = PhoneNumberId) =>
        Message(waId, new JsonObject
        {
            ["type"] = "interactive",
            ["interactive"] = new JsonObject { ["type"] = "button_reply", ["button_reply"] = new JsonObject { ["id"] = id, ["title"] = title } },
        }, number: number);


    public JsonObject Image(string waId, string mediaId, string? caption = null) =>
        Message(waId, new JsonObject
        {
            ["type"] = "image",
            ["image"] = new JsonObject { ["caption"] = caption, ["mime_type"] = "image/jpeg", ["sha256"] = "base64sha==", ["id"] = mediaId },
        });

    public static JsonObject StatusObject(string messageId, string status, string recipient, int? errorCode = null)
    {
        var s = new JsonObject
        {
            ["id"] = messageId,
            ["status"] = status,
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["recipient_id"] = recipient,
        };
        if (errorCode is { } code)
        {
            s["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["title"] = code == 131047 ? "Re-engagement message" : "Failed" });
        }

        return s;
    }

    public static JsonObject Statuses(params JsonObject[] statuses) => StatusesOf(PhoneNumberId, statuses);

    public static JsonObject StatusesOf(string phoneNumberId, params JsonObject[] statuses) =>
        Envelope(new JsonObject { ["statuses"] = new JsonArray(statuses.Select(s => (JsonNode)s.DeepClone()).ToArray()) }, phoneNumberId);

    /// <summary>One change of <paramref name="phoneNumberId"/>'s, as Meta wraps it.</summary>
    public static JsonObject Envelope(JsonObject value, string phoneNumberId = PhoneNumberId)
    {
        value["messaging_product"] = "whatsapp";
        value["metadata"] = new JsonObject { ["display_phone_number"] = BusinessNumber, ["phone_number_id"] = phoneNumberId };
        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = "102290129340398",
                ["changes"] = new JsonArray(new JsonObject { ["field"] = "messages", ["value"] = value }),
            }),
        };
    }

    /// <summary>Meta's serialisation: non-ASCII as \uXXXX (lower case) and "/" as "\/"; the signature is over these bytes.</summary>
    public static byte[] Serialize(JsonNode body)
    {
        var json = body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
        var escaped = new StringBuilder();
        foreach (var c in json)
        {
            escaped.Append(c switch
            {
                '/' => "\\/",
                > '\u007f' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        // JavaScriptEncoder.Default already escapes some characters as \uXXXX in upper case; Meta writes lower case.
        return Encoding.ASCII.GetBytes(System.Text.RegularExpressions.Regex.Replace(escaped.ToString(), @"\\u([0-9A-F]{4})", m => "\\u" + m.Groups[1].Value.ToLowerInvariant()));
    }

    public string Sign(byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppSecret), body));

    /// <summary>The POST Meta would make: the body as Meta writes it, signed unless <paramref name="signature"/> says otherwise ("" = no header).</summary>
    public HttpRequestMessage Webhook(JsonNode body, string? signature = null, string path = "/api/whatsapp/webhook") => WebhookBytes(Serialize(body), signature, path);

    public HttpRequestMessage WebhookBytes(byte[] body, string? signature = null, string path = "/api/whatsapp/webhook")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        signature ??= Sign(body);
        if (signature.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature);
        }

        return request;
    }

    /// <summary>Posts a signed webhook to a running service at <paramref name="serviceBaseUrl"/>.</summary>
    public async Task<HttpResponseMessage> PostWebhookAsync(HttpClient client, JsonNode body, CancellationToken ct = default)
    {
        using var request = Webhook(body);
        return await client.SendAsync(request, ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
