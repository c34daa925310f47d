using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp.CloudApi;

/// <summary>
/// The Cloud API client: one method per call, each one HTTP request with the bearer token, Graph's error
/// envelope turned into a <see cref="GraphApiException"/>. No retries and no waits: the delivery engine owns
/// both. Each call names the number it speaks for (<see cref="WhatsAppNumbers"/>): its id is in the path, its token
/// on the request's header, and the token appears in no URL, message or log line. The Graph host, version and
/// timeout are the national section's.
/// </summary>
public sealed class WhatsAppCloudApi(IHttpClientFactory http, IOptionsMonitor<WhatsAppOptions> options)
{
    public Task<SendResult> SendAsync(WhatsAppNumber from, OutgoingMessage message, CancellationToken ct) =>
        CallAsync(from, HttpMethod.Post, $"{from.PhoneNumberId}/messages", JsonContent.Create(message, GraphJsonContext.Default.OutgoingMessage), GraphJsonContext.Default.SendResult, ct);

    /// <summary>Two blue ticks under the reader's message: they see it was received.</summary>
    public Task<SuccessResult> MarkReadAsync(WhatsAppNumber at, string messageId, CancellationToken ct) =>
        CallAsync(at, HttpMethod.Post, $"{at.PhoneNumberId}/messages", JsonContent.Create(new MarkRead(messageId), GraphJsonContext.Default.MarkRead), GraphJsonContext.Default.SuccessResult, ct);

    /// <summary>Where a file <paramref name="at"/> received can be downloaded for the next 5 minutes.</summary>
    public Task<MediaInfo> GetMediaAsync(WhatsAppNumber at, string mediaId, CancellationToken ct)
    {
        if (mediaId.Length == 0 || !mediaId.All(char.IsAsciiLetterOrDigit))
        {
            throw new GraphApiException(400, 100, null, "A media id is letters and digits only.", null);
        }

        return CallAsync(at, HttpMethod.Get, mediaId, null, GraphJsonContext.Default.MediaInfo, ct);
    }

    /// <summary>
    /// Downloads <paramref name="url"/> (from <see cref="GetMediaAsync"/>) with the number's bearer token. The token
    /// goes only to https URLs (or loopback for the tests' fake), never to a plain-http host elsewhere.
    /// </summary>
    public async Task<HttpResponseMessage> DownloadAsync(WhatsAppNumber at, string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || WhatsAppOptions.UrlProblem(url) is not null)
        {
            throw new GraphApiException(400, 100, null, "The media URL is not an https URL.", null);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", at.AccessToken);
        using var timeout = Timeout(ct);
        var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ErrorAsync(response, ct);
            }
        }

        return response;
    }

    private HttpClient Client => http.CreateClient(WhatsAppRegistration.HttpClientName);

    private CancellationTokenSource Timeout(CancellationToken ct)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(ct);
        source.CancelAfter(TimeSpan.FromSeconds(options.CurrentValue.RequestTimeoutSeconds));
        return source;
    }

    private async Task<T> CallAsync<T>(WhatsAppNumber number, HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> answer, CancellationToken ct)
    {
        var o = options.CurrentValue;
        using var request = new HttpRequestMessage(method, $"{o.ApiBaseUrl.TrimEnd('/')}/{o.ApiVersion}/{path}") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", number.AccessToken);
        using var timeout = Timeout(ct);
        HttpResponseMessage response;
        try
        {
            response = await Client.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The Graph API did not answer within {o.RequestTimeoutSeconds} s.", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, ct);
            }

            try
            {
                return await response.Content.ReadFromJsonAsync(answer, ct)
                    ?? throw new GraphApiException((int)response.StatusCode, 0, null, "The answer was empty.", null);
            }
            catch (JsonException e)
            {
                throw new GraphApiException((int)response.StatusCode, 0, null, "The answer was not the expected JSON.", null, e);
            }
        }
    }

    private static async Task<GraphApiException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter?.Delta;
        GraphError? error = null;
        try
        {
            error = (await response.Content.ReadFromJsonAsync(GraphJsonContext.Default.GraphErrorEnvelope, ct))?.Error;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            // Not Graph's envelope (a proxy's HTML page): the status alone classifies it.
        }

        var message = error?.Message ?? response.ReasonPhrase ?? "no message";
        if (error?.ErrorData?.Details is { Length: > 0 } details)
        {
            message += " (" + details + ")";
        }

        return new GraphApiException(status, error?.Code ?? 0, error?.ErrorSubcode, message, retryAfter);
    }
}
