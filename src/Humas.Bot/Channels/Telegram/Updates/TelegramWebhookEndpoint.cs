using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// <c>POST /api/telegram/webhook</c> (the national bot) and <c>POST /api/telegram/webhook/{institutionId}</c> (that
/// institution's own bot; an institution without one is 404): checks the bot's secret header, reads one JSON update
/// (at most <see cref="MaxBodyBytes"/>, the endpoint's body limit), stores it in the inbox marked with its bot and only
/// then answers 200. Any other answer makes Telegram retry, which the inbox's (bot, update_id) key turns into a no-op.
/// A reaction press's 200 carries its answerCallbackQuery when the answer is ready in time (<see cref="TelegramWebhookReplies"/>;
/// <see cref="TelegramOptions.WebhookReplies"/>).
/// </summary>
public static class TelegramWebhookEndpoint
{
    public const string Path = "/api/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>A real update is a few KB; anything near this is not from Telegram.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, (HttpContext context, TelegramBots bots, [AsParameters] Receiving receiving, CancellationToken ct) =>
            HandleAsync(context, bots.Shared, receiving, ct)).WithBodyLimit(MaxBodyBytes).ExcludeFromDescription();
        endpoints.MapPost(Path + "/{institutionId}", (string institutionId, HttpContext context, TelegramBots bots, [AsParameters] Receiving receiving, CancellationToken ct) =>
            institutionId.Length > 0 && bots.Find(institutionId) is { IsShared: false } bot
                ? HandleAsync(context, bot, receiving, ct)
                : Task.FromResult(Results.NotFound())).WithBodyLimit(MaxBodyBytes).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, TelegramBot bot, Receiving receiving, CancellationToken ct)
    {
        var (options, inbox, replies, time, loggers) = receiving;
        if (!bot.IsEnabled || options.Value.Mode != TelegramMode.Webhook || string.IsNullOrEmpty(bot.WebhookSecret))
        {
            return Results.NotFound();
        }

        if (!SecretMatches(context.Request.Headers[SecretHeader].ToString(), bot.WebhookSecret))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or wrong X-Telegram-Bot-Api-Secret-Token.");
        }

        // Read as a JSON element, not bound to Telegram.Bot's Update: the inbox keeps the update as Telegram sent
        // it, and the handler maps it when it takes the row.
        var body = await RequestBodies.ReadJsonAsync(context.Request, TelegramWebhookJson.Default.JsonElement, ct);
        if (body.Fault == BodyFault.TooLarge)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The body is over {MaxBodyBytes} bytes.");
        }

        if (body.Fault != BodyFault.None || UpdateId(body.Value) is not { } updateId || RawText(body.Value) is not { } update)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a JSON update with a positive update_id.");
        }

        // Opened before storing: the press's answer on arrival starts as the update is stored and may be ready first.
        using var reply = options.Value.WebhookReplies && CallbackQueryId(body.Value) is { } queryId ? replies.Open(bot.Account, queryId) : null;

        // The row is committed before the 200; an exception here becomes a 500 and Telegram retries (the reply, closed
        // unanswered, refuses its answer, which then goes by request).
        var added = await inbox.AddAsync(bot.Account, [(updateId, update)], ct, reply);
        if (added == 0)
        {
            loggers.CreateLogger(typeof(TelegramWebhookEndpoint)).LogDebug("Telegram update {UpdateId} of {Bot} delivered again; already in the inbox", updateId, bot);
        }

        if (reply is not null)
        {
            await reply.WaitAsync(replies.Patience, time, ct);
            if (reply.TryTake(out var text))
            {
                return Results.Json(new WebhookAnswer(reply.QueryId, TelegramDeliveryChannel.Toast(text)), TelegramWebhookJson.Default.WebhookAnswer);
            }
        }

        return Results.Ok();
    }

    /// <summary>What the endpoint needs besides the request and its bot, resolved as one.</summary>
    internal sealed record Receiving(IOptions<TelegramOptions> Options, TelegramInbox Inbox, TelegramWebhookReplies Replies, TimeProvider Time, ILoggerFactory Loggers);

    /// <summary>answerCallbackQuery as a webhook response: the method's name beside its parameters.</summary>
    internal sealed record WebhookAnswer(
        [property: JsonPropertyName("callback_query_id")] string CallbackQueryId,
        [property: JsonPropertyName("text"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text)
    {
        [JsonPropertyName("method")]
        [JsonPropertyOrder(-1)]
        public string Method => "answerCallbackQuery";
    }

    private static string? CallbackQueryId(JsonElement update) =>
        update.TryGetProperty("callback_query", out var query)
        && query.ValueKind == JsonValueKind.Object
        && query.TryGetProperty("id", out var id)
        && id.ValueKind == JsonValueKind.String
        && id.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>Constant-time over the bytes, so the answer time says nothing about how much matched.</summary>
    internal static bool SecretMatches(string? presented, string expected) =>
        !string.IsNullOrEmpty(presented)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    /// <summary>
    /// The update as sent, or null when a string in it is not valid UTF-8: the JSON reader checks the structure
    /// but leaves string contents to be transcoded when read, which is here.
    /// </summary>
    private static string? RawText(JsonElement update)
    {
        try
        {
            return update.GetRawText();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static long? UpdateId(JsonElement update) =>
        update.ValueKind == JsonValueKind.Object
        && update.TryGetProperty("update_id", out var id)
        && id.ValueKind == JsonValueKind.Number
        && id.TryGetInt64(out var updateId)
        && updateId > 0
            ? updateId
            : null;
}

[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(TelegramWebhookEndpoint.WebhookAnswer))]
internal sealed partial class TelegramWebhookJson : JsonSerializerContext;
