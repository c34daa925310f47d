using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Humas.Bot.FakePlatforms.Telegram;

/// <summary>The request pipeline: token, overrides, injected faults, then the method itself.</summary>
public sealed partial class FakeTelegramServer
{
    private delegate Task<Outcome> Handler(FakeTelegramServer server, HttpContext context, BotParameters parameters);

    private static readonly FrozenDictionary<string, Handler> Handlers = new Dictionary<string, Handler>(StringComparer.OrdinalIgnoreCase)
    {
        ["getMe"] = static (s, c, _) => s.GetMeAsync(c),
        ["getUpdates"] = static (s, c, p) => s.GetUpdatesAsync(c, p),
        ["setWebhook"] = static (s, c, p) => s.SetWebhookAsync(c, p),
        ["deleteWebhook"] = static (s, c, _) => s.DeleteWebhookAsync(c),
        ["getWebhookInfo"] = static (s, c, _) => s.GetWebhookInfoAsync(c),
        ["sendMessage"] = static (s, c, p) => s.SendAsync(c, p, photo: false),
        ["sendPhoto"] = static (s, c, p) => s.SendAsync(c, p, photo: true),
        ["editMessageText"] = static (s, c, p) => s.EditAsync(c, p, EditKind.Text),
        ["editMessageCaption"] = static (s, c, p) => s.EditAsync(c, p, EditKind.Caption),
        ["editMessageReplyMarkup"] = static (s, c, p) => s.EditAsync(c, p, EditKind.ReplyMarkup),
        ["deleteMessage"] = static (s, c, p) => s.DeleteMessageAsync(c, p),
        ["answerCallbackQuery"] = static (s, c, p) => s.AnswerCallbackQueryAsync(c, p),
        ["setMyCommands"] = static (s, c, p) => s.SetMyCommandsAsync(c, p),
        ["getFile"] = static (s, c, p) => s.GetFileAsync(c, p),
        ["getChat"] = static (s, c, p) => s.GetChatAsync(c, p),
        ["getChatMember"] = static (s, c, p) => s.GetChatMemberAsync(c, p),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly record struct Outcome(int Status, int? MessageId = null);

    private async Task HandleAsync(HttpContext context)
    {
        // Another bot's token at this address: that bot's fake answers, with its own limits, counters and log.
        var requested = context.Request.Path.Value ?? "";
        foreach (var other in _otherBots)
        {
            if (requested.StartsWith(other._botPrefix, StringComparison.Ordinal) || requested.StartsWith(other._filePrefix, StringComparison.Ordinal))
            {
                await other.HandleAsync(context);
                return;
            }
        }

        Counters.Request();
        Counters.Begin();
        try
        {
            await HandleOwnAsync(context);
        }
        finally
        {
            Counters.End();
        }
    }

    private async Task HandleOwnAsync(HttpContext context)
    {
        var received = Options.Time.GetUtcNow();
        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith(_filePrefix, StringComparison.Ordinal))
        {
            await ServeFileAsync(context, Uri.UnescapeDataString(path[_filePrefix.Length..]));
            return;
        }

        if (!path.StartsWith(_botPrefix, StringComparison.Ordinal))
        {
            var wrongToken = path.StartsWith("/bot", StringComparison.Ordinal) || path.StartsWith("/file/bot", StringComparison.Ordinal);
            await FakeReply.ErrorAsync(context, wrongToken ? 401 : 404, wrongToken ? "Unauthorized" : "Not Found");
            return;
        }

        var method = path[_botPrefix.Length..];
        if (_overrides.TryGetValue(method, out var fixedReply))
        {
            Record(method, null, received, fixedReply.Status);
            await FakeReply.RawAsync(context, fixedReply.Status, fixedReply.Body);
            return;
        }

        if (await InjectFaultAsync(context, method, received))
        {
            return;
        }

        using var parameters = await BotParameters.ReadAsync(context.Request, context.RequestAborted);
        if (parameters is null)
        {
            Record(method, null, received, 400);
            await FakeReply.ErrorAsync(context, 400, "Bad Request: can't parse JSON object");
            return;
        }

        Outcome outcome;
        if (Handlers.TryGetValue(method, out var handler))
        {
            outcome = await handler(this, context, parameters);
        }
        else
        {
            await FakeReply.ErrorAsync(context, 404, "Not Found");
            outcome = new Outcome(404);
        }

        // The answer has been written (Kestrel writes nothing, and throws nothing, once the caller is gone).
        var answeredAt = context.RequestAborted.IsCancellationRequested ? (DateTimeOffset?)null : Options.Time.GetUtcNow();
        Record(method, parameters, received, outcome.Status, outcome.MessageId, context.Request.Headers.TraceParent.ToString(), answeredAt);
    }

    private async Task<bool> InjectFaultAsync(HttpContext context, string method, DateTimeOffset received)
    {
        switch (_faults.Next())
        {
            case Fault.Reset:
                Counters.Fault();
                Record(method, null, received, 0);
                context.Abort();
                return true;
            case Fault.Timeout:
                Counters.Fault();
                Record(method, null, received, 0);
                try
                {
                    await Task.Delay(Options.TimeoutDelay, Options.Time, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up first, as intended.
                }

                context.Abort();
                return true;
            case Fault.ServerError:
                Counters.Fault();
                Record(method, null, received, 502);
                await FakeReply.RawAsync(context, 502, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>", "text/html");
                return true;
            default:
                return false;
        }
    }

    private async Task ServeFileAsync(HttpContext context, string filePath)
    {
        if (!_filesByPath.TryGetValue(filePath, out var file))
        {
            await FakeReply.ErrorAsync(context, 404, "Not Found");
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = file.Content.Length;
        await context.Response.Body.WriteAsync(file.Content, context.RequestAborted);
    }

    /// <summary>Blocked, migrated, then rate limits: null when the request may proceed.</summary>
    private async Task<Outcome?> GateAsync(HttpContext context, ChatState chat, bool limited)
    {
        if (chat.Blocked)
        {
            await FakeReply.ErrorAsync(context, 403, chat.ChatId > 0 ? "Forbidden: bot was blocked by the user" : "Forbidden: bot was kicked from the group chat");
            return new Outcome(403);
        }

        if (chat.MigratedTo is { } newId)
        {
            await FakeReply.ErrorAsync(context, 400, "Bad Request: group chat was upgraded to a supergroup chat", migrateTo: newId);
            return new Outcome(400);
        }

        if (limited && Options.EnforceLimits && _limiter.TryAcquire(chat.Window) is { } retryAfter)
        {
            Counters.TooMany();
            await FakeReply.ErrorAsync(context, 429, $"Too Many Requests: retry after {retryAfter}", retryAfter: retryAfter);
            return new Outcome(429);
        }

        return null;
    }

    private static async Task<Outcome> BadRequestAsync(HttpContext context, string description)
    {
        await FakeReply.ErrorAsync(context, 400, description);
        return new Outcome(400);
    }

    private string? CheckShapes(BotParameters parameters, string? text, bool isCaption, JsonElement? markup)
    {
        if (!Options.Strict)
        {
            return null;
        }

        var html = string.Equals(parameters.GetString("parse_mode"), "HTML", StringComparison.OrdinalIgnoreCase);
        return StrictShapes.CheckText(text, html, isCaption)
            ?? (markup is { } m ? StrictShapes.CheckKeyboard(m) : parameters.Has("reply_markup") ? "Bad Request: can't parse reply keyboard markup JSON object" : null);
    }
}
