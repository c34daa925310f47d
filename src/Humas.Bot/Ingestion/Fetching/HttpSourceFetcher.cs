using System.Net;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Ingestion.Fetching;

/// <summary>
/// Fetches sources over http(s) through the injected <see cref="HttpClient"/>, or from disk for <c>file:</c> URLs.
/// <para>
/// A <c>file:</c> URL is either absolute (<c>file:///srv/humas/feed.xml</c>) or relative (<c>file:Demo/feed.xml</c>,
/// which .NET can only hold as a relative <see cref="Uri"/>). A relative path resolves against
/// <see cref="AppContext.BaseDirectory"/>, where the bundled <c>Demo/</c> files are copied, so the demo source
/// works whatever the working directory. Network shares (<c>file://host/...</c>) are refused.
/// </para>
/// <para>
/// Redirects are followed here, not by the handler (see <see cref="ConfigurePrimaryHandler"/>), so the fetcher can
/// tell a permanent move (every hop 301/308) from a temporary one and report it for the source to be updated.
/// </para>
/// <para>
/// The time limit is <see cref="IngestionOptions.TimeoutSeconds"/>, applied here; the client's own
/// <see cref="HttpClient.Timeout"/> should be infinite (or longer) so it does not cut in first with a shorter limit.
/// </para>
/// </summary>
public sealed class HttpSourceFetcher(HttpClient http, IOptions<IngestionOptions> options, TimeProvider time) : ISourceFetcher
{
    private const int MaxRedirects = 5;

    /// <summary>
    /// The primary handler the HttpClient must be built with: connections only to public addresses unless
    /// <paramref name="allowPrivateNetworks"/> (<see cref="IngestionOptions.AllowPrivateNetworks"/>) says otherwise,
    /// checked on every hop since each redirect is a new request through it (<see cref="PublicNetworkGuard"/>); no
    /// automatic redirects (this class follows them) and transparent decompression (the byte cap then applies to
    /// the decompressed body, which defeats compression bombs).
    /// </summary>
    public static SocketsHttpHandler ConfigurePrimaryHandler(Func<bool> allowPrivateNetworks)
    {
        var handler = PublicNetworkGuard.Handler(allowPrivateNetworks);
        handler.AllowAutoRedirect = false;
        handler.AutomaticDecompression = DecompressionMethods.All;
        handler.ConnectTimeout = TimeSpan.FromSeconds(15);
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        return handler;
    }

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;

        // The timeout runs on the injected clock and covers everything: every hop and the whole body.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(settings.TimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            if (TryGetFilePath(request.Url, out var path))
            {
                if (!request.AllowFile)
                {
                    throw new FetchException($"file: URLs are allowed only for sources in the configuration ({request.Url})", permanent: true);
                }

                return await FileSourceReader.ReadAsync(request, path, settings.MaxBytes, linked.Token);
            }

            if (request.Url.Scheme is not ("http" or "https"))
            {
                throw new FetchException($"unsupported URL scheme '{request.Url.Scheme}:' in {request.Url}", permanent: true);
            }

            return await FetchHttpAsync(request, settings, linked.Token);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Our own timeout, or HttpClient.Timeout if it is shorter; either way the caller did not cancel.
            throw new FetchException($"timed out after {settings.TimeoutSeconds} s fetching {request.Url}", exception);
        }
    }

    private async Task<FetchResult> FetchHttpAsync(FetchRequest request, IngestionOptions settings, CancellationToken cancellationToken)
    {
        var url = request.Url;
        var allPermanent = true;
        for (var hop = 0; ; hop++)
        {
            using var message = BuildRequest(url, request, settings.UserAgent);
            using var response = await SendAsync(message, cancellationToken);

            if (RedirectTarget(response, url) is { } target)
            {
                if (hop == MaxRedirects)
                {
                    throw new FetchException($"too many redirects (more than {MaxRedirects}) from {request.Url}", permanent: true);
                }

                allPermanent &= response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.PermanentRedirect;
                url = target;
                continue;
            }

            var movedTo = hop > 0 && allPermanent ? url : null;
            return await ReadResponseAsync(response, request, url, movedTo, settings.MaxBytes, cancellationToken);
        }
    }

    private static HttpRequestMessage BuildRequest(Uri url, FetchRequest request, string userAgent)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        // Validators are sent verbatim: servers compare them byte for byte with what they issued.
        if (!string.IsNullOrEmpty(request.ETag))
        {
            message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        }

        if (!string.IsNullOrEmpty(request.LastModified))
        {
            message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
        }

        return message;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException exception) when (exception.InnerException is AddressNotAllowedException refused)
        {
            // Permanent: polling again will not make an internal address public.
            throw new FetchException(
                $"{refused.Message} ({message.RequestUri!.Host}; internal sources need Ingestion:AllowPrivateNetworks=true)", exception, permanent: true);
        }
        catch (HttpRequestException exception)
        {
            throw new FetchException($"request to {message.RequestUri} failed: {OneLine(exception.Message)}", exception);
        }
    }

    private static Uri? RedirectTarget(HttpResponseMessage response, Uri current)
    {
        if (response.StatusCode is not (HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect))
        {
            return null;
        }

        var location = response.Headers.Location
            ?? throw new FetchException($"HTTP {(int)response.StatusCode} without a Location header from {current}");
        var target = location.IsAbsoluteUri ? location : new Uri(current, location);
        if (target.Scheme is not ("http" or "https"))
        {
            throw new FetchException($"redirect to unsupported URL {target} from {current}", permanent: true);
        }

        // Same rule as HttpClient's own redirect handling: never silently drop TLS.
        if (current.Scheme == "https" && target.Scheme == "http")
        {
            throw new FetchException($"redirect from https to http refused ({current} -> {target})", permanent: true);
        }

        return target;
    }

    private static async Task<FetchResult> ReadResponseAsync(
        HttpResponseMessage response, FetchRequest request, Uri finalUrl, Uri? movedTo, long maxBytes, CancellationToken cancellationToken)
    {
        var etag = Header(response.Headers.NonValidated, "ETag");
        var lastModified = Header(response.Content.Headers.NonValidated, "Last-Modified") ?? Header(response.Headers.NonValidated, "Last-Modified");
        var maxAge = response.Headers.CacheControl?.MaxAge;

        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            // A 304 may omit the validators; the ones we sent are still the current ones.
            return new FetchResult(FetchStatus.NotModified, [], null, etag ?? request.ETag, lastModified ?? request.LastModified, finalUrl, movedTo, maxAge);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw StatusFailure(response, finalUrl);
        }

        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw CappedBodyReader.TooLarge(maxBytes);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var body = await ReadBodyAsync(stream, maxBytes, finalUrl, cancellationToken);
        var contentType = response.Content.Headers.ContentType?.ToString();
        return new FetchResult(FetchStatus.Ok, body, contentType, etag, lastModified, finalUrl, movedTo, maxAge);
    }

    private static async Task<byte[]> ReadBodyAsync(Stream stream, long maxBytes, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await CappedBodyReader.ReadAsync(stream, maxBytes, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw new FetchException($"reading the body of {url} failed: {OneLine(exception.Message)}", exception);
        }
    }

    private static FetchException StatusFailure(HttpResponseMessage response, Uri url)
    {
        var code = (int)response.StatusCode;
        // Gone or never there: polling again soon will not help. Everything else (5xx, 429, 403 from a
        // flaky firewall) is worth retrying with backoff.
        var permanent = response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone;
        return new FetchException($"HTTP {code} {response.ReasonPhrase} from {url}", permanent: permanent);
    }

    private static string? Header(System.Net.Http.Headers.HttpHeadersNonValidated headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static bool TryGetFilePath(Uri url, out string path)
    {
        if (!url.IsAbsoluteUri)
        {
            url = SourceUrl.Resolve(url.OriginalString);
        }

        if (!url.IsFile)
        {
            path = "";
            return false;
        }

        if (url.IsUnc || !string.IsNullOrEmpty(url.Host))
        {
            throw new FetchException($"file URLs on network shares are not allowed: {url}", permanent: true);
        }

        path = url.LocalPath;
        return true;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
