using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// <c>POST /api/telegram/webhook</c>: checks the secret header, reads one JSON update (at most
/// <see cref="MaxBodyBytes"/>, the endpoint's body limit), stores it in the inbox and only then answers 200. Any other answer makes
/// Telegram retry, which the inbox's update_id key turns into a no-op.
/// </summary>
public static class TelegramWebhookEndpoint
{
    public const string Path = "/api/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>A real update is a few KB; anything near this is not from Telegram.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, HandleAsync).WithBodyLimit(MaxBodyBytes).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context, IOptions<TelegramOptions> options, TelegramInbox inbox, ILoggerFactory loggers, CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.Enabled || settings.Mode != TelegramMode.Webhook || string.IsNullOrEmpty(settings.WebhookSecret))
        {
            return Results.NotFound();
        }

        if (!SecretMatches(context.Request.Headers[SecretHeader].ToString(), settings.WebhookSecret))
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
        var added = await inbox.AddAsync([(updateId, body.Value.GetRawText())], ct);
        if (added == 0)
        {
            loggers.CreateLogger(typeof(TelegramWebhookEndpoint)).LogDebug("Telegram update {UpdateId} delivered again; already in the inbox", updateId);
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
