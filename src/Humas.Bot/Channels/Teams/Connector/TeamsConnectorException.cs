using System.Net;

namespace Humas.Bot.Channels.Teams.Connector;

/// <summary>
/// A Bot Connector call that failed: the HTTP status, the platform's error code (<c>error.code</c>, e.g.
/// ConversationNotFound, BotNotInConversationRoster) and sub-code (MessageWritesBlocked), Retry-After
/// when the answer had one, and the X-Correlating-OperationId Microsoft support asks for.
/// </summary>
public sealed class TeamsConnectorException(
    string operation, HttpStatusCode status, string? code, string? subCode, string? description, TimeSpan? retryAfter, string? correlationId)
    : Exception($"Teams {operation} failed: {(int)status} {code ?? status.ToString()}{(subCode is null ? "" : "/" + subCode)}: {description}")
{
    public string Operation { get; } = operation;
    public HttpStatusCode Status { get; } = status;
    public string? Code { get; } = code;
    public string? SubCode { get; } = subCode;
    public string? Description { get; } = description;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    public string? CorrelationId { get; } = correlationId;

    /// <summary>True when the code, sub-code or message names <paramref name="name"/> (Teams puts it in any of them).</summary>
    public bool Names(string name) =>
        string.Equals(Code, name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(SubCode, name, StringComparison.OrdinalIgnoreCase)
        || Description?.Contains(name, StringComparison.OrdinalIgnoreCase) == true;
}

/// <summary>The identity provider refused or failed to give the bot a token.</summary>
public sealed class TeamsTokenException(string message, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>The token endpoint refused the app's credentials (400/401): an operator's fix, which pauses that app.</summary>
    public bool Rejected { get; init; }
}
