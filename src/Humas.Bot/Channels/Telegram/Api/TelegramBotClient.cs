using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Humas.Bot.Channels.Telegram.Api.Json;
using Humas.Bot.Channels.Telegram.Api.Types;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram.Api;

/// <summary>
/// The Bot API over one HttpClient: JSON POST to <c>{base}/bot{token}/{method}</c>, the envelope read
/// tolerantly, errors turned into <see cref="TelegramApiException"/>. The token lives only in the URLs built
/// here; whatever is logged or thrown passes through <see cref="TelegramUrlRedactor"/>.
/// </summary>
public sealed class TelegramBotClient : ITelegramBotClient
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly ILogger<TelegramBotClient> _logger;
    private readonly string _token;
    private readonly string _methodPrefix;
    private readonly string _filePrefix;
    private readonly TimeSpan _requestTimeout;
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);

    public TelegramBotClient(HttpClient http, IOptions<TelegramOptions> options, ILogger<TelegramBotClient> logger)
    {
        _http = http;
        _logger = logger;
        var o = options.Value;
        _token = o.Token;
        var apiBase = o.ApiBaseUrl.TrimEnd('/');
        _methodPrefix = $"{apiBase}/bot{_token}/";
        _filePrefix = $"{apiBase}/file/bot{_token}/";
        _requestTimeout = TimeSpan.FromSeconds(o.RequestTimeoutSeconds);
    }

    public async Task<TResult> SendAsync<TResult>(ITelegramRequest<TResult> request, CancellationToken ct)
    {
        EnsureEnabled();
        var method = request.Method;
        var uri = _methodUris.GetOrAdd(method, static (m, prefix) => new Uri(prefix + m), _methodPrefix);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, TelegramJsonContext.Default.GetTypeInfo(request.GetType())
            ?? throw new InvalidOperationException($"{request.GetType().Name} is not listed in TelegramJsonContext."));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_requestTimeout + request.ServerHold);
        using var message = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = JsonMediaType } },
        };

        var started = Stopwatch.GetTimestamp();
        byte[] reply;
        int status;
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            reply = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            _logger.LogDebug("Telegram {Method} timed out after {Elapsed} ms at {Url}", method, Elapsed(started), Redacted(uri));
            // The same shape HttpClient.Timeout produces, so callers have one rule for "timed out".
            throw new TaskCanceledException($"Telegram {method} timed out after {(_requestTimeout + request.ServerHold).TotalSeconds:0} s.", new TimeoutException(e.Message));
        }
        catch (HttpRequestException e)
        {
            _logger.LogDebug("Telegram {Method} failed after {Elapsed} ms at {Url}: {Error}", method, Elapsed(started), Redacted(uri), TelegramUrlRedactor.Redact(e.Message, _token));
            throw;
        }

        _logger.LogDebug("Telegram {Method} answered {Status} in {Elapsed} ms", method, status, Elapsed(started));
        return ReadEnvelope(method, status, reply, uri, (JsonTypeInfo<TResult>)TelegramJsonContext.Default.GetTypeInfo(typeof(TResult))!);
    }

    public async Task<long> DownloadFileAsync(string filePath, Stream destination, long maxBytes, CancellationToken ct)
    {
        EnsureEnabled();
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var escaped = string.Join('/', filePath.Split('/').Select(Uri.EscapeDataString));
        var uri = new Uri(_filePrefix + escaped);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                _logger.LogDebug("Telegram file download answered {Status} at {Url}", (int)response.StatusCode, Redacted(uri));
                throw new TelegramApiException("file", (int)response.StatusCode, $"file download failed ({response.ReasonPhrase})");
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new TelegramFileTooLargeException(maxBytes);
            }

            await using var source = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new TelegramFileTooLargeException(maxBytes);
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), timeout.Token).ConfigureAwait(false);
            }

            return total;
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TaskCanceledException($"Telegram file download timed out after {_requestTimeout.TotalSeconds:0} s.", new TimeoutException(e.Message));
        }
        catch (HttpRequestException e)
        {
            _logger.LogDebug("Telegram file download failed at {Url}: {Error}", Redacted(uri), TelegramUrlRedactor.Redact(e.Message, _token));
            throw;
        }
    }

    private TResult ReadEnvelope<TResult>(string method, int status, byte[] reply, Uri uri, JsonTypeInfo<TResult> resultInfo)
    {
        bool? ok = null;
        var hasResult = false;
        TResult? result = default;
        int? errorCode = null;
        string? description = null;
        ResponseParameters? parameters = null;
        try
        {
            var reader = new Utf8JsonReader(reply);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("The reply is not a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("ok"u8))
                {
                    reader.Read();
                    ok = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.ValueTextEquals("result"u8))
                {
                    reader.Read();
                    // A bare success (result null or absent) means "done" for boolean methods.
                    if (reader.TokenType == JsonTokenType.Null && typeof(TResult) == typeof(bool))
                    {
                        continue;
                    }

                    result = JsonSerializer.Deserialize(ref reader, resultInfo);
                    hasResult = result is not null;
                }
                else if (reader.ValueTextEquals("error_code"u8))
                {
                    reader.Read();
                    errorCode = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;
                }
                else if (reader.ValueTextEquals("description"u8))
                {
                    reader.Read();
                    description = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("parameters"u8))
                {
                    reader.Read();
                    parameters = JsonSerializer.Deserialize(ref reader, TelegramJsonContext.Default.ResponseParameters);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException) when (status >= 400)
        {
            // A proxy or load balancer answered (HTML 502 and the like): no envelope, only the status.
            _logger.LogDebug("Telegram {Method} answered {Status} without a JSON envelope at {Url}", method, status, Redacted(uri));
            throw new TelegramApiException(method, status, $"HTTP {status}: {Snippet(reply)}");
        }

        if (ok == true && status < 400)
        {
            if (hasResult)
            {
                return result!;
            }

            if (typeof(TResult) == typeof(bool))
            {
                return (TResult)(object)true;
            }

            if (typeof(TResult) == typeof(MessageOrTrue))
            {
                return (TResult)(object)default(MessageOrTrue);
            }

            throw new JsonException($"Telegram {method} answered ok without a result.");
        }

        var error = new TelegramApiException(
            method,
            errorCode ?? status,
            TelegramUrlRedactor.Redact(description ?? $"HTTP {status}", _token),
            parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            parameters?.MigrateToChatId);
        _logger.LogDebug("Telegram {Method} failed at {Url}: {ErrorCode} {Description}", method, Redacted(uri), error.ErrorCode, error.Description);
        throw error;
    }

    private string Snippet(byte[] reply)
    {
        var text = Encoding.UTF8.GetString(reply, 0, Math.Min(reply.Length, 200)).ReplaceLineEndings(" ");
        return TelegramUrlRedactor.Redact(text, _token);
    }

    private string Redacted(Uri uri) => TelegramUrlRedactor.Redact(uri.OriginalString, _token);

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    private void EnsureEnabled()
    {
        if (_token.Length == 0)
        {
            throw new InvalidOperationException("Telegram is off (Telegram:Token is empty).");
        }
    }
}
