using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// <c>POST /api/telegram/webhook</c> (the national bot) and <c>POST /api/telegram/webhook/{institutionId}</c> (that
/// institution's own bot; an institution without one is 404): checks the bot's secret header, reads one JSON update
/// (at most <see cref="MaxBodyBytes"/>), stores it in the inbox marked with its bot and only then answers 200. Any
/// other answer makes Telegram retry, which the inbox's (bot, update_id) key turns into a no-op.
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
            HandleAsync(context, options, bots.Shared, inbox, loggers, ct)).ExcludeFromDescription();
        endpoints.MapPost(Path + "/{institutionId}", (string institutionId, HttpContext context, IOptions<TelegramOptions> options, TelegramBots bots, TelegramInbox inbox, ILoggerFactory loggers, CancellationToken ct) =>
            institutionId.Length > 0 && bots.Find(institutionId) is { IsShared: false } bot
                ? HandleAsync(context, options, bot, inbox, loggers, ct)
                : Task.FromResult(Results.NotFound())).ExcludeFromDescription();
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

        var body = await RequestBodies.ReadCappedAsync(context, MaxBodyBytes, ct);
        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"The body is over {MaxBodyBytes} bytes.");
        }

        if (!TryReadUpdateId(body, out var updateId))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a JSON update with a positive update_id.");
        }

        // The row is committed before the 200; an exception here becomes a 500 and Telegram retries.
        var added = await inbox.AddAsync(bot.Account, [(updateId, Encoding.UTF8.GetString(body))], ct);
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

    private static bool TryReadUpdateId(byte[] body, out long updateId)
    {
        updateId = 0;
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("update_id", out var id)
                && id.ValueKind == JsonValueKind.Number
                && id.TryGetInt64(out updateId)
                && updateId > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
