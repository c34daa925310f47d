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
/// </summary>
public static class TelegramWebhookEndpoint
{
    public const string Path = "/api/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>A real update is a few KB; anything near this is not from Telegram.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, (HttpContext context, IOptions<TelegramOptions> options, TelegramBots bots, TelegramInbox inbox, ILoggerFactory loggers, CancellationToken ct) =>
            HandleAsync(context, options, bots.Shared, inbox, loggers, ct)).WithBodyLimit(MaxBodyBytes).ExcludeFromDescription();
        endpoints.MapPost(Path + "/{institutionId}", (string institutionId, HttpContext context, IOptions<TelegramOptions> options, TelegramBots bots, TelegramInbox inbox, ILoggerFactory loggers, CancellationToken ct) =>
            institutionId.Length > 0 && bots.Find(institutionId) is { IsShared: false } bot
                ? HandleAsync(context, options, bot, inbox, loggers, ct)
                : Task.FromResult(Results.NotFound())).WithBodyLimit(MaxBodyBytes).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context, IOptions<TelegramOptions> options, TelegramBot bot, TelegramInbox inbox, ILoggerFactory loggers, CancellationToken ct)
    {
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

        if (body.Fault != BodyFault.None || UpdateId(body.Value) is not { } updateId)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a JSON update with a positive update_id.");
        }

        // The row is committed before the 200; an exception here becomes a 500 and Telegram retries.
        var added = await inbox.AddAsync(bot.Account, [(updateId, body.Value.GetRawText())], ct);
        if (added == 0)
        {
            loggers.CreateLogger(typeof(TelegramWebhookEndpoint)).LogDebug("Telegram update {UpdateId} of {Bot} delivered again; already in the inbox", updateId, bot);
        }

        return Results.Ok();
    }

    /// <summary>Constant-time over the bytes, so the answer time says nothing about how much matched.</summary>
    internal static bool SecretMatches(string? presented, string expected) =>
        !string.IsNullOrEmpty(presented)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

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
internal sealed partial class TelegramWebhookJson : JsonSerializerContext;
