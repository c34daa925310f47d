using System.Net;
using System.Text.Json;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Channels.Teams;

/// <summary>
/// What a failed Connector call means for the delivery engine (docs/TEAMS.md, Outbound): the reader or
/// the app is gone for 403 MessageWritesBlocked / BotNotInConversationRoster / ConversationBlockedByUser /
/// BotDisabledByAdmin and 404 ConversationNotFound; 412, 429, 5xx and network failures are retried; 429
/// waits for Retry-After. Teams' 429 does not say which limit was hit; the engine already keeps each
/// conversation's windows, so it is taken as the tenant's (channel-wide) limit.
/// </summary>
public static class TeamsFailureClassifier
{
    public const string ConversationNotFound = "ConversationNotFound";
    private static readonly string[] GoneCodes = ["MessageWritesBlocked", "BotNotInConversationRoster", "ConversationBlockedByUser", "BotDisabledByAdmin"];
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    /// <param name="tokenPause">How long refused app credentials pause that app (<see cref="TeamsOptions.TokenRetrySeconds"/>).</param>
    public static DeliveryFailure Classify(Exception error, TimeSpan tokenPause) => error switch
    {
        TeamsConnectorException { Status: HttpStatusCode.TooManyRequests } e =>
            new DeliveryFailure.RetryAfter(RateLimitScope.Bot, e.RetryAfter is { } wait && wait > MinimumWait ? wait : MinimumWait, Reason(e)),
        TeamsConnectorException { Status: HttpStatusCode.Forbidden } e when GoneCodes.Any(e.Names) => new DeliveryFailure.RecipientGone(Reason(e)),
        TeamsConnectorException { Status: HttpStatusCode.NotFound } e when e.Names(ConversationNotFound) => new DeliveryFailure.RecipientGone(Reason(e)),
        // 404 for a message (ActivityNotFoundInConversation), 400 bad card, 413 too big: this message cannot go.
        TeamsConnectorException { Status: HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.RequestEntityTooLarge } e =>
            new DeliveryFailure.MessageInvalid(Reason(e)),
        // 412 (concurrent operations), 5xx; also 401/other 403: a wrong secret or tenant is an operator's fix,
        // after which the same message should still go out.
        TeamsConnectorException e => new DeliveryFailure.Transient(Reason(e)),
        // A wrong or expired secret is an operator's fix: that app pauses (its deliveries wait, none is given up), the
        // other apps go on; the credentials incident tells the operators.
        TeamsTokenException { Rejected: true } e => new DeliveryFailure.RetryAfter(RateLimitScope.Bot, tokenPause, $"teams: credentials refused: {e.Message}"),
        TeamsTokenException e => new DeliveryFailure.Transient($"teams: no token: {e.Message}"),
        // An institution's app taken out of configuration: its readers are not reached through another app.
        TeamsAppUnknownException e => new DeliveryFailure.Transient($"teams: {e.Message}"),
        TaskCanceledException or TimeoutException => new DeliveryFailure.Transient("teams: timed out"),
        HttpRequestException e => new DeliveryFailure.Transient($"teams: network error: {e.HttpRequestError}"),
        JsonException => new DeliveryFailure.Transient("teams: unreadable reply"),
        _ => new DeliveryFailure.Transient($"teams: {error.GetType().Name}"),
    };

    private static string Reason(TeamsConnectorException e) =>
        $"teams {(int)e.Status} {e.Code}{(e.SubCode is null ? "" : "/" + e.SubCode)}: {e.Description}";
}
