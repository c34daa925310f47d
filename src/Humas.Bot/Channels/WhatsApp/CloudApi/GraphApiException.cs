using System.Globalization;

namespace Humas.Bot.Channels.WhatsApp.CloudApi;

/// <summary>
/// A Graph API error, with what the classifier needs: the HTTP status, Graph's <see cref="Code"/> (131047,
/// 130429, 190, …) and subcode, and a Retry-After when the server sent one. The message never holds the token.
/// </summary>
public sealed class GraphApiException(int status, int code, int? subcode, string message, TimeSpan? retryAfter, Exception? inner = null)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"Graph API {status}, code {code}: {message}"), inner)
{
    public int Status { get; } = status;
    public int Code { get; } = code;
    public int? Subcode { get; } = subcode;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
