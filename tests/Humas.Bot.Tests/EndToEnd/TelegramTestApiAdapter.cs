using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Humas.Bot.Tests.EndToEnd;

/// <summary>
/// Test-side only: turns telegram-test-api's answers into the real Bot API's shapes, so the service reads only
/// what Telegram itself sends and its strictness stays intact. The emulator deviates in four ways: dates in
/// milliseconds; <c>result: null</c> where Telegram returns the edited message or <c>true</c>;
/// <c>ok: false</c> with HTTP 200; and, for methods it lacks (setMyCommands, sendPhoto, getFile), HTTP 500 with
/// <c>{"message": ...}</c> instead of the error envelope.
/// </summary>
internal sealed class TelegramTestApiAdapter : DelegatingHandler
{
    private const long MillisecondsThreshold = 100_000_000_000;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.RequestUri!.AbsolutePath[(request.RequestUri.AbsolutePath.LastIndexOf('/') + 1)..];
        var parameters = request.Content is null ? null : JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken) is { Length: > 0 } body ? body : "{}") as JsonObject;
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri.AbsolutePath.StartsWith("/file/", StringComparison.Ordinal))
        {
            return response;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonObject? reply;
        try
        {
            reply = JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return response;
        }

        if (reply is null)
        {
            return response;
        }

        var status = response.StatusCode;
        if (!reply.ContainsKey("ok"))
        {
            // {"message": "API method 'setMyCommands' is not supported..."}: Telegram's envelope for the same refusal.
            reply = new JsonObject { ["ok"] = false, ["error_code"] = (int)status, ["description"] = reply["message"]?.ToString() ?? "error" };
        }
        else if (reply["ok"]?.GetValue<bool>() == false && status == HttpStatusCode.OK)
        {
            status = (HttpStatusCode)(reply["error_code"]?.GetValue<int>() ?? 400);
        }
        else if (reply["ok"]?.GetValue<bool>() == true && reply["result"] is null)
        {
            reply["result"] = method.StartsWith("edit", StringComparison.OrdinalIgnoreCase) ? EditedMessage(parameters) : true;
        }

        SecondsNotMilliseconds(reply);
        var adapted = new HttpResponseMessage(status)
        {
            Content = new StringContent(reply.ToJsonString(), Encoding.UTF8, "application/json"),
            RequestMessage = request,
        };
        response.Dispose();
        return adapted;
    }

    /// <summary>What Telegram answers an edit with: the message as it now is.</summary>
    private static JsonObject EditedMessage(JsonObject? parameters)
    {
        var chatId = parameters?["chat_id"]?.GetValue<long>() ?? 0;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["message_id"] = parameters?["message_id"]?.GetValue<int>() ?? 0,
            ["date"] = now,
            ["edit_date"] = now,
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId > 0 ? "private" : "supergroup" },
            ["text"] = parameters?["text"]?.GetValue<string>(),
        };
    }

    private static void SecondsNotMilliseconds(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name is "date" or "edit_date" && value is JsonValue v && v.TryGetValue<long>(out var date) && date > MillisecondsThreshold)
                    {
                        obj[name] = date / 1000;
                    }
                    else
                    {
                        SecondsNotMilliseconds(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    SecondsNotMilliseconds(item);
                }

                break;
        }
    }
}
