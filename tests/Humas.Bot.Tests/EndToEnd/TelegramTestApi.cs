using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Humas.Bot.Tests.EndToEnd;

/// <summary>
/// The third-party Telegram Bot API emulator (npm telegram-test-api, installed by tests/setup/npm-peers.sh)
/// as a child process, with its client-side HTTP API: a simulated person sends messages and presses
/// buttons; the history shows what the bot sent, with edits applied in place.
/// Its quirks: dates in milliseconds, <c>result: null</c> for edits, <c>ok: false</c> with HTTP 200, no
/// sendPhoto/getFile/setMyCommands (HTTP 500) — all turned into the Bot API's shapes by
/// <see cref="TelegramTestApiAdapter"/>, which <see cref="Services"/> puts on the service's Telegram HttpClient —
/// and getUpdates answers at once without long polling.
/// </summary>
public sealed class TelegramTestApi : IAsyncDisposable
{
    private readonly Process _node;
    private readonly HttpClient _http;

    private TelegramTestApi(Process node, int port, string token)
    {
        _node = node;
        Token = token;
        BaseUrl = $"http://127.0.0.1:{port}";
        _http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string BaseUrl { get; }

    public string Token { get; }

    /// <summary>For the host under test: the adapter on the "telegram" HttpClient, inside the service's own handlers.</summary>
    public static void Services(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
        services.AddHttpClient(Humas.Bot.Channels.Telegram.TelegramRegistration.HttpClientName)
            .AddHttpMessageHandler(() => new TelegramTestApiAdapter());

    public static async Task<TelegramTestApi> StartAsync(string token = "123456:e2e-token")
    {
        var folder = Path.GetFullPath(Path.Combine(Humas.Bot.Tests.Support.RepositoryRoot.Find(), "tests", "e2e-peers"));
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "telegram-test-api")))
        {
            throw new InvalidOperationException("telegram-test-api is not installed: run ./test.sh (it runs tests/setup/npm-peers.sh).");
        }

        var info = new ProcessStartInfo("node", ["telegram-test-api.js", "0"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var node = Process.Start(info)!;
        var line = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            node.Kill();
            throw new InvalidOperationException("telegram-test-api did not start: " + await node.StandardError.ReadToEndAsync());
        }

        return new TelegramTestApi(node, int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture), token);
    }

    /// <summary>A person writes to the bot in a private chat (chat id = user id). Commands carry a bot_command entity.</summary>
    public async Task SendAsync(long userId, string text, string firstName = "Sari", string languageCode = "id")
    {
        var message = new JsonObject
        {
            ["botToken"] = Token,
            ["from"] = new JsonObject { ["id"] = userId, ["first_name"] = firstName, ["username"] = $"user{userId}", ["is_bot"] = false, ["language_code"] = languageCode },
            ["chat"] = new JsonObject { ["id"] = userId, ["first_name"] = firstName, ["type"] = "private" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["text"] = text,
        };
        var route = "/sendMessage";
        if (text.StartsWith('/'))
        {
            var end = text.IndexOf(' ', StringComparison.Ordinal);
            message["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = end < 0 ? text.Length : end, ["type"] = "bot_command" });
            route = "/sendCommand";
        }

        (await _http.PostAsJsonAsync(route, message)).EnsureSuccessStatusCode();
    }

    /// <summary>A person shares a location in their private chat.</summary>
    public async Task SendLocationAsync(long userId, double latitude, double longitude, string languageCode = "id")
    {
        var message = new JsonObject
        {
            ["botToken"] = Token,
            ["from"] = new JsonObject { ["id"] = userId, ["first_name"] = "Sari", ["is_bot"] = false, ["language_code"] = languageCode },
            ["chat"] = new JsonObject { ["id"] = userId, ["first_name"] = "Sari", ["type"] = "private" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["location"] = new JsonObject { ["latitude"] = latitude, ["longitude"] = longitude },
        };
        (await _http.PostAsJsonAsync("/sendMessage", message)).EnsureSuccessStatusCode();
    }

    /// <summary>A person presses an inline button under one of the bot's messages.</summary>
    public async Task PressAsync(long userId, BotMessage under, string callbackData, string languageCode = "id")
    {
        var from = new JsonObject { ["id"] = userId, ["first_name"] = "Sari", ["is_bot"] = false, ["language_code"] = languageCode };
        var body = new JsonObject
        {
            ["botToken"] = Token,
            ["from"] = from,
            ["message"] = new JsonObject
            {
                ["message_id"] = under.MessageId,
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["chat"] = new JsonObject { ["id"] = under.ChatId, ["type"] = under.ChatId < 0 ? "supergroup" : "private" },
                ["text"] = under.Text,
            },
            ["data"] = callbackData,
        };
        (await _http.PostAsJsonAsync("/sendCallback", body)).EnsureSuccessStatusCode();
    }

    /// <summary>Everything the bot sent, oldest first, as it looks now (edits applied).</summary>
    public async Task<IReadOnlyList<BotMessage>> BotMessagesAsync()
    {
        var response = await _http.PostAsJsonAsync("/getUpdatesHistory", new { token = Token });
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var result = new List<BotMessage>();
        foreach (var item in json.GetProperty("result").EnumerateArray())
        {
            if (!item.TryGetProperty("message", out var message) || !message.TryGetProperty("chat_id", out var chat))
            {
                continue; // a user's message or button press, not the bot's
            }

            result.Add(new BotMessage(
                item.GetProperty("messageId").GetInt64(),
                long.Parse(chat.ToString(), System.Globalization.CultureInfo.InvariantCulture),
                message.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "",
                message.TryGetProperty("reply_markup", out var markup) ? markup.Clone() : null));
        }

        return result;
    }

    /// <summary>Waits (polling the emulator) until the bot has sent a message that matches.</summary>
    public async Task<BotMessage> WaitForAsync(Func<BotMessage, bool> match, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        IReadOnlyList<BotMessage> seen = [];
        while (DateTime.UtcNow < deadline)
        {
            seen = await BotMessagesAsync();
            if (seen.LastOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The bot did not send {what}. It sent:\n" + string.Join("\n---\n", seen.Select(m => $"[{m.ChatId}] {m.Text}")));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_node.HasExited)
        {
            _node.Kill(entireProcessTree: true);
            await _node.WaitForExitAsync();
        }

        _node.Dispose();
    }
}

/// <summary>A message the bot sent, as the emulator stores it.</summary>
public sealed record BotMessage(long MessageId, long ChatId, string Text, JsonElement? ReplyMarkup)
{
    /// <summary>The inline buttons, row by row: (text, callback_data or url).</summary>
    public IReadOnlyList<IReadOnlyList<(string Text, string? Data, string? Url)>> Buttons =>
        ReplyMarkup is { } markup && markup.TryGetProperty("inline_keyboard", out var rows)
            ? rows.EnumerateArray().Select(row => (IReadOnlyList<(string, string?, string?)>)row.EnumerateArray().Select(b => (
                b.GetProperty("text").GetString() ?? "",
                b.TryGetProperty("callback_data", out var d) ? d.GetString() : null,
                b.TryGetProperty("url", out var u) ? u.GetString() : null)).ToList()).ToList()
            : [];
}
