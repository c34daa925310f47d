using Humas.Bot.Channels.Teams.Auth;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Host;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams.Activities;

/// <summary>
/// <c>POST /api/messages</c>: the token is checked before the body is read, the body (at most
/// <c>Teams:MaxActivityBytes</c>, the endpoint's limit) is read as an activity, then the token is matched to the activity (serviceurl claim, endorsement). Any failure of the token is
/// 401 with nothing processed; a malformed body is 400, an oversized one 413. Activities are handled
/// inline: an invoke must be answered on this very response, and a message's reply is one Connector call.
/// 404 while Teams is off (Teams:AppId empty). An institution's own app has its own endpoint,
/// <c>/api/messages/{institution id}</c> (404 unless that institution has an app): its token must name that app as its
/// audience, and its conversations are that institution's (<see cref="ConversationAddress.Account"/>).
/// </summary>
public static class TeamsMessagesEndpoint
{
    /// <summary><c>POST /api/messages</c>: the national app's activities.</summary>
    public static Task<IResult> HandleAsync(
        HttpContext http,
        InboundTokenValidator validator,
        TeamsActivityHandler handler,
        TeamsApps apps,
        IOptionsMonitor<TeamsOptions> options,
        ILoggerFactory loggers,
        CancellationToken ct) =>
        HandleAsync(http, ConversationAddress.SharedAccount, validator, handler, apps, options, loggers, ct);

    /// <summary><c>POST /api/messages/{institution}</c>: the activities of that institution's own app.</summary>
    public static Task<IResult> HandleOwnAsync(
        HttpContext http,
        string institution,
        InboundTokenValidator validator,
        TeamsActivityHandler handler,
        TeamsApps apps,
        IOptionsMonitor<TeamsOptions> options,
        ILoggerFactory loggers,
        CancellationToken ct) =>
        institution.Length == 0
            ? Task.FromResult(Results.NotFound())
            : HandleAsync(http, institution, validator, handler, apps, options, loggers, ct);

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        string account,
        InboundTokenValidator validator,
        TeamsActivityHandler handler,
        TeamsApps apps,
        IOptionsMonitor<TeamsOptions> options,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var log = loggers.CreateLogger(typeof(TeamsMessagesEndpoint).FullName!);
        if (!options.CurrentValue.Enabled)
        {
            return Results.NotFound();
        }

        if (apps.Find(account) is not { } app)
        {
            // No such app (any more): nothing is checked, stored or answered for it.
            log.LogWarning("Teams activity for {Path}: no app is configured for institution {Institution}", http.Request.Path.Value, account);
            return Results.NotFound();
        }

        var (token, key, problem) = await validator.ValidateAsync(http.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, app.AppId, ct);
        if (token is null || key is null)
        {
            log.LogWarning("Teams activity for {App} rejected: {Problem}", app.ToString(), problem);
            return Results.Unauthorized();
        }

        var body = await RequestBodies.ReadJsonAsync(http.Request, TeamsJsonContext.Default.Activity, ct);
        switch (body.Fault)
        {
            case BodyFault.TooLarge:
                return Results.Problem($"The activity is over {options.CurrentValue.MaxActivityBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
            case BodyFault.Malformed:
                log.LogWarning("Teams activity unreadable at {Path}", body.Path ?? "$");
                return Results.Problem("The activity is not valid JSON.", statusCode: StatusCodes.Status400BadRequest);
            case BodyFault.Null:
                return Results.Problem("The activity is empty.", statusCode: StatusCodes.Status400BadRequest);
        }

        var activity = body.Value!;

        // The token must have been issued for this activity's serviceUrl and channel, or it was replayed.
        if (InboundTokenValidator.CheckActivity(token, key, activity) is { } mismatch)
        {
            log.LogWarning("Teams activity for {App} rejected: {Problem}", app.ToString(), mismatch);
            return Results.Unauthorized();
        }

        if (string.IsNullOrEmpty(activity.Type) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            return Results.Problem("The activity needs a type and a conversation id.", statusCode: StatusCodes.Status400BadRequest);
        }

        // Teams' ids are far shorter; longer ones are not Teams' and would not fit the stored reference.
        if (TeamsConversations.ConversationId(activity).Length > SubscriptionService.MaxIdLength
            || TeamsConversations.TenantId(activity)?.Length > SubscriptionService.MaxIdLength
            || TeamsConversations.UserId(activity).Length > SubscriptionService.MaxIdLength)
        {
            return Results.Problem($"Conversation, tenant and user ids are at most {SubscriptionService.MaxIdLength} characters.", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await handler.HandleAsync(activity, app.Account, ct);
        return result.Body is { } answer
            ? Results.Json(answer, TeamsJsonContext.Default.InvokeResponseBody, statusCode: result.Status)
            : Results.StatusCode(result.Status);
    }
}
