using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Humas.Bot.Host;
using Humas.Bot.Localization;

namespace Humas.Bot.Channels.Web.Visitors;

/// <summary>What every web endpoint does with a request: the visitor, the language, small JSON bodies, limits, problems.</summary>
public static class WebRequests
{
    public const string VisitorHeader = "X-Humas-Visitor";

    /// <summary>JSON bodies of the widget and chat API are a few dozen bytes; anything above this is refused unread.</summary>
    public const int MaxJsonBytes = 4096;

    public static string Language(HttpContext http) => Languages.Normalize(http.Request.Query["lang"].ToString());

    /// <summary>
    /// The chat page's visitor token as an HttpOnly, same-site cookie scoped to the chat API, for the event stream:
    /// EventSource cannot send headers, and a token in a query string ends up in proxy and server logs.
    /// </summary>
    public const string ChatCookie = "humas_chat";

    /// <summary>
    /// The visitor id from the header (or, for the chat's event stream, from <see cref="ChatCookie"/>); null when
    /// absent or forged. Never from the query string.
    /// </summary>
    public static string? Visitor(HttpContext http, VisitorIds ids, bool allowCookie = false)
    {
        var token = http.Request.Headers[VisitorHeader].ToString();
        if (token.Length == 0 && allowCookie)
        {
            token = http.Request.Cookies[ChatCookie] ?? "";
        }

        return ids.Verify(token);
    }

    /// <summary>Gives the chat page's event stream its token (see <see cref="ChatCookie"/>).</summary>
    public static void SetChatCookie(HttpContext http)
    {
        var token = http.Request.Headers[VisitorHeader].ToString();
        if (token.Length > 0 && http.Request.Cookies[ChatCookie] != token)
        {
            http.Response.Cookies.Append(ChatCookie, token, new CookieOptions
            {
                Path = "/chat/api", HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, IsEssential = true,
                MaxAge = TimeSpan.FromDays(30),
            });
        }
    }

    public static IResult VisitorRejected() => Results.Problem(
        "The visitor id is missing, forged or altered. Get a new one with POST /api/visitors.",
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Invalid visitor id");

    public static IResult TooMany(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem($"Too many requests; try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests, title: "Rate limited");
    }

    public static IResult TooLarge(long maxBytes) => Results.Problem(
        $"The request body is larger than {maxBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large");

    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid request");

    /// <summary>
    /// Reads a small JSON body, typed: 413 past the endpoint's limit (<see cref="MaxJsonBytes"/>, set as its
    /// metadata with <c>WithBodyLimit</c> and enforced by the server), 400 for anything that is not the expected
    /// JSON. Either the value or the problem to answer.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpContext http, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        var body = await RequestBodies.ReadJsonAsync(http.Request, type, ct);
        return body.Fault switch
        {
            BodyFault.None => (body.Value, null),
            BodyFault.TooLarge => (null, TooLarge(RequestBodies.Limit(http) ?? MaxJsonBytes)),
            BodyFault.Null => (null, Invalid("body", "A JSON object is required.")),
            _ => (null, Invalid(body.Path ?? "body", "Malformed JSON.")),
        };
    }
}
