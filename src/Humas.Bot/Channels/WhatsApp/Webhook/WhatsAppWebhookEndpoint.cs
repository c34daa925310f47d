using System.Security.Cryptography;
using System.Text;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp.Webhook;

/// <summary>
/// <c>GET /api/whatsapp/webhook</c>: Meta's verification handshake. <c>POST /api/whatsapp/webhook</c>: a body
/// with a valid X-Hub-Signature-256 is split into its messages and statuses, stored in the inbox, and only then
/// answered 200 (a 5xx makes Meta retry, which the inbox's key makes a no-op). Unsigned or forged: 401 and
/// nothing stored. Signed but not JSON: 400; signed JSON of an odd shape: 200 with the odd parts dropped. Meta posts
/// every number of the app here: each change goes to the inbox as its number's (<see cref="WhatsAppNumbers"/>), and a
/// change for a number that is none of ours is acknowledged and dropped (<see cref="WhatsAppUnknownNumbers"/>).
/// </summary>
public static class WhatsAppWebhookEndpoint
{
    public const string Path = "/api/whatsapp/webhook";

    public static IEndpointRouteBuilder MapWhatsAppWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Verify).ExcludeFromDescription();
        endpoints.MapPost(Path, ReceiveAsync)
            .WithBodyLimit(services => services.GetRequiredService<IOptionsMonitor<WhatsAppOptions>>().CurrentValue.MaxWebhookBytes)
            .ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Verify(HttpRequest request, IOptionsMonitor<WhatsAppOptions> options)
    {
        var o = options.CurrentValue;
        if (!o.Enabled)
        {
            return Results.NotFound();
        }

        var mode = request.Query["hub.mode"].ToString();
        var token = request.Query["hub.verify_token"].ToString();
        var challenge = request.Query["hub.challenge"].ToString();
        var matches = token.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(o.VerifyToken));
        return mode == "subscribe" && matches && challenge.Length is > 0 and <= 256
            ? Results.Text(challenge, "text/plain", Encoding.UTF8)
            : Results.StatusCode(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext context, IOptionsMonitor<WhatsAppOptions> options, WhatsAppNumbers numbers, WhatsAppUnknownNumbers unknown, WhatsAppInbox inbox,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (!o.Enabled)
        {
            return Results.NotFound();
        }

        // The exact bytes, not a typed binding: the signature is an HMAC over the body as Meta sent it.
        var body = await RequestBodies.ReadBytesAsync(context.Request, ct);
        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The body is over {o.MaxWebhookBytes} bytes.");
        }

        if (!WebhookSignature.IsValid(body, context.Request.Headers[WebhookSignature.Header].ToString(), o.AppSecret))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or wrong X-Hub-Signature-256.");
        }

        if (!WebhookEnvelope.TryParse(body, id => numbers.ByPhoneNumberId(id)?.Account, out var items, out var skipped, out var strangers))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a JSON object.");
        }

        var log = loggers.CreateLogger(typeof(WhatsAppWebhookEndpoint));
        foreach (var reason in skipped)
        {
            log.LogWarning("WhatsApp webhook: dropped {Reason}", reason);
        }

        foreach (var stranger in strangers)
        {
            unknown.Seen(stranger);
        }

        // Committed before the 200; a database failure becomes a 500 and Meta retries.
        var added = await inbox.AddAsync(items, ct);
        if (added < items.Count)
        {
            log.LogDebug("WhatsApp webhook: {Count} item(s) delivered again; already in the inbox", items.Count - added);
        }

        return Results.Ok();
    }
}
