using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Host;

/// <summary>
/// Request bodies under the framework's limit. Each endpoint that takes a body names its largest one as endpoint
/// metadata (<see cref="IRequestSizeLimitMetadata"/>); the routing middleware sets the request's
/// <c>IHttpMaxRequestBodySizeFeature</c> from it, and the server refuses a longer body while it is read (by
/// Content-Length at the first read, or when the count passes the limit) with a 413
/// <see cref="BadHttpRequestException"/>. The readers here only turn that, and malformed JSON, into a result the
/// endpoint answers politely; they count nothing themselves.
/// </summary>
public static class RequestBodies
{
    /// <summary>A fixed limit, as the framework's own metadata.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(maxBytes));

    /// <summary>
    /// A limit that is a setting (e.g. <c>WhatsApp:MaxWebhookBytes</c>): read from the application's services at
    /// each request, so a reloaded option applies to the next body.
    /// </summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, Func<IServiceProvider, long> maxBytes)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Metadata.Add(new SettingSizeLimit(endpoint.ApplicationServices, maxBytes)));
        return builder;
    }

    /// <summary>The limit the endpoint's metadata names (what the routing middleware gave the server), or null.</summary>
    public static long? Limit(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;

    /// <summary>
    /// The body as <typeparamref name="T"/>, whatever the Content-Type says (the platforms' webhooks and the
    /// widget's fetch all send JSON; the bytes decide, not the header). Empty or not <typeparamref name="T"/>:
    /// <see cref="BodyFault.Malformed"/>, <c>null</c>: <see cref="BodyFault.Null"/>; over the endpoint's limit: <see cref="BodyFault.TooLarge"/>.
    /// </summary>
    public static async Task<JsonBody<T>> ReadJsonAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct)
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, ct);
            return value is null ? new(default, BodyFault.Null, null) : new(value, BodyFault.None, null);
        }
        catch (JsonException e)
        {
            return new(default, BodyFault.Malformed, e.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(default, BodyFault.TooLarge, null);
        }
    }

    /// <summary>
    /// The body's exact bytes, or null when it is over the endpoint's limit. Only for a body whose bytes matter
    /// as sent (a webhook's HMAC signature is over them); everything else reads typed JSON.
    /// </summary>
    public static async Task<byte[]?> ReadBytesAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    private sealed class SettingSizeLimit(IServiceProvider services, Func<IServiceProvider, long> maxBytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => maxBytes(services);
    }
}

/// <summary>What was wrong with a request body, if anything.</summary>
public enum BodyFault
{
    None,

    /// <summary>Over the endpoint's limit; answer 413.</summary>
    TooLarge,

    /// <summary>Empty, not JSON, or JSON of the wrong shape; answer 400.</summary>
    Malformed,

    /// <summary>The JSON literal <c>null</c>; answer 400.</summary>
    Null,
}

/// <summary>A typed body, or why there is none (<paramref name="Path"/>: where the JSON went wrong, when known).</summary>
public readonly record struct JsonBody<T>(T? Value, BodyFault Fault, string? Path);
