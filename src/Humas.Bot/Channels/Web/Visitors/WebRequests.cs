using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Humas.Bot.Localization;

namespace Humas.Bot.Channels.Web.Visitors;

/// <summary>What every web endpoint does with a request: the visitor, the language, small JSON bodies, limits, problems.</summary>
public static class WebRequests
{
    public const string VisitorHeader = "X-Humas-Visitor";

    /// <summary>JSON bodies of the widget and chat API are a few dozen bytes; anything above this is refused unread.</summary>
    public const int MaxJsonBytes = 4096;

    public static string Language(HttpContext http) => Languages.Normalize(http.Request.Query["lang"].ToString());

    /// <summary>The caller's IP as the server sees it (behind a proxy, the host's forwarded-headers setup decides it).</summary>
    public static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The visitor id from the header (or the query, for EventSource which cannot set headers); null when absent or forged.</summary>
    public static string? Visitor(HttpContext http, VisitorIds ids, bool allowQuery = false)
    {
        var token = http.Request.Headers[VisitorHeader].ToString();
        if (token.Length == 0 && allowQuery)
        {
            token = http.Request.Query["visitor"].ToString();
        }

        return ids.Verify(token);
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
    /// Reads a small JSON body: 413 past <see cref="MaxJsonBytes"/> (by Content-Length or while reading),
    /// 400 for anything that is not the expected JSON. Either the value or the problem to answer.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpContext http, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        if (http.Request.ContentLength > MaxJsonBytes)
        {
            return (null, TooLarge(MaxJsonBytes));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes)
            {
                return (null, TooLarge(MaxJsonBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var value = buffer.Length == 0 ? null : JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return value is null ? (null, Invalid("body", "A JSON object is required.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Invalid(e.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body", "Malformed JSON."));
        }
    }
}
