using Microsoft.AspNetCore.Http.Features;

namespace Humas.Bot.Host;

/// <summary>
/// The one capped reader of a request body, for endpoints that need the raw bytes (a webhook's HMAC signature is
/// over the exact bytes sent) or answer an oversized body politely themselves. The cap is also set as the
/// request's framework limit (<see cref="IHttpMaxRequestBodySizeFeature"/>, one byte over, so Kestrel stops a
/// longer body and this reader, not Kestrel's bare 413, answers).
/// </summary>
public static class RequestBodies
{
    /// <summary>The body's exact bytes, or null when it is over <paramref name="maxBytes"/> (by Content-Length or while reading).</summary>
    public static async Task<byte[]?> ReadCappedAsync(HttpContext http, int maxBytes, CancellationToken ct)
    {
        if (http.Request.ContentLength > maxBytes)
        {
            return null;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1L;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(16 * 1024, maxBytes + 1)];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException)
        {
            return null;
        }

        return buffer.ToArray();
    }
}
