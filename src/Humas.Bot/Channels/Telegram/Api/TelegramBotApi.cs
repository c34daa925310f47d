using System.Text.Json;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Args;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace Humas.Bot.Channels.Telegram.Api;

/// <summary>
/// The process's one <see cref="TelegramBotClient"/> (Telegram.Bot), created on first use and only when
/// <c>Telegram:Token</c> is set (the library's options refuse an empty token), over the "telegram" HttpClient
/// from IHttpClientFactory. <c>RetryCount = 0</c>: the library would otherwise wait out a 429 itself and block
/// the caller, taking rate limiting away from the delivery engine; here a 429 surfaces at once as
/// <see cref="ApiRequestException"/>. What the library does not do stays here: getUpdates with each update's
/// raw JSON (for the durable inbox) and the capped, path-safe file download.
/// </summary>
public sealed class TelegramBotApi
{
    private readonly IHttpClientFactory _factory;
    private readonly TelegramOptions _options;
    private readonly Lazy<Connection> _connection;

    public TelegramBotApi(IHttpClientFactory factory, IOptions<TelegramOptions> options)
    {
        _factory = factory;
        _options = options.Value;
        _connection = new(Connect, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public bool IsEnabled => _options.Enabled;

    /// <summary>The client; throws <see cref="InvalidOperationException"/> while Telegram is off.</summary>
    public ITelegramBotClient Client => _connection.Value.Client;

    /// <summary>One long poll; <paramref name="timeoutSeconds"/> is how long Telegram may hold it.</summary>
    public async Task<JsonElement[]> GetUpdatesAsync(long? offset, int timeoutSeconds, IReadOnlyList<UpdateType> allowedUpdates, CancellationToken ct) =>
        await Client.SendRequest(new RawUpdatesRequest { Offset = offset, Timeout = timeoutSeconds, AllowedUpdates = allowedUpdates }, ct).ConfigureAwait(false);

    /// <summary>
    /// Copies <c>{base}/file/bot{token}/{filePath}</c> (from getFile) into <paramref name="destination"/> and returns
    /// the bytes written; throws <see cref="TelegramFileTooLargeException"/> past <paramref name="maxBytes"/> (the
    /// library's download has no cap) and <see cref="RequestException"/> as the library does for a refusal, a
    /// network failure or a timeout. A file_path with an empty, "." or ".." segment is refused before any request.
    /// </summary>
    public async Task<long> DownloadFileAsync(string filePath, Stream destination, long maxBytes, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var segments = filePath.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException("The file path from getFile has an empty, \".\" or \"..\" segment.", nameof(filePath));
        }

        var connection = _connection.Value;
        var uri = new Uri(connection.Options.BaseFileUrl + "/" + string.Join('/', segments.Select(Uri.EscapeDataString)));
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(TimeSpan.FromSeconds(_options.RequestTimeoutSeconds));
        try
        {
            using var response = await connection.Http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timer.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ApiRequestException($"file download failed ({(int)response.StatusCode} {response.ReasonPhrase})", (int)response.StatusCode);
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new TelegramFileTooLargeException(maxBytes);
            }

            await using var source = await response.Content.ReadAsStreamAsync(timer.Token).ConfigureAwait(false);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, timer.Token).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new TelegramFileTooLargeException(maxBytes);
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), timer.Token).ConfigureAwait(false);
            }

            return total;
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new RequestException("Telegram file download timed out", new TaskCanceledException(e.Message, new TimeoutException(e.Message)));
        }
        catch (HttpRequestException e)
        {
            throw new RequestException("Telegram file download failed: " + TelegramUrlRedactor.Redact(e.Message, _options.Token), e);
        }
    }

    private Connection Connect()
    {
        if (!_options.Enabled)
        {
            throw new InvalidOperationException("Telegram is off (Telegram:Token is empty).");
        }

        var http = _factory.CreateClient(TelegramRegistration.HttpClientName);
        var options = new TelegramBotClientOptions(_options.Token, _options.ApiBaseUrl) { RetryCount = 0 };
        var client = new TelegramBotClient(options, http);
        client.OnMakingApiRequest += MarkLongPoll;
        return new Connection(client, http, options);
    }

    /// <summary>Tells <see cref="TelegramHttpHandler"/> how long Telegram may hold a getUpdates on purpose.</summary>
    private static ValueTask MarkLongPoll(ITelegramBotClient client, ApiRequestEventArgs args, CancellationToken ct)
    {
        if (args.Request is RawUpdatesRequest { Timeout: { } seconds and > 0 } && args.HttpRequestMessage is { } message)
        {
            message.Options.Set(TelegramHttpHandler.ServerHold, TimeSpan.FromSeconds(seconds));
        }

        return ValueTask.CompletedTask;
    }

    private sealed record Connection(TelegramBotClient Client, HttpClient Http, TelegramBotClientOptions Options);
}
