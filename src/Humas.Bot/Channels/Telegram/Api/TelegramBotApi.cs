using System.Text.Json;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Args;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace Humas.Bot.Channels.Telegram.Api;

/// <summary>
/// One bot's <see cref="TelegramBotClient"/> (Telegram.Bot): the shared national bot's (this DI singleton) or an
/// institution's own (made by <see cref="TelegramBots"/>), created on first use and only when its token is set (the library's options refuse an empty token), over the "telegram" HttpClient
/// from IHttpClientFactory. <c>RetryCount = 0</c>: the library would otherwise wait out a 429 itself and block
/// the caller, taking rate limiting away from the delivery engine; here a 429 surfaces at once as
/// <see cref="ApiRequestException"/>. What the library does not do stays here: getUpdates with each update's
/// raw JSON (for the durable inbox) and the capped, path-safe file download.
/// </summary>
public sealed class TelegramBotApi
{
    private readonly IHttpClientFactory _factory;
    private readonly TelegramOptions _options;
    private readonly string _token;
    private readonly Lazy<Connection> _connection;

    /// <summary>The shared national bot (<c>Telegram:Token</c>).</summary>
    public TelegramBotApi(IHttpClientFactory factory, IOptions<TelegramOptions> options)
        : this(factory, options.Value, options.Value.Token, ConversationAddress.SharedAccount)
    {
    }

    /// <summary>An institution's own bot: its token, the shared <c>Telegram</c> settings (API URL, timeouts).</summary>
    internal TelegramBotApi(IHttpClientFactory factory, TelegramOptions options, string token, string account)
    {
        _factory = factory;
        _options = options;
        _token = token;
        Account = account;
        _connection = new(Connect, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>"" for the shared national bot, else the institution whose bot this is.</summary>
    public string Account { get; }

    public bool IsEnabled => _token.Length > 0;

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
            throw new RequestException("Telegram file download failed: " + TelegramUrlRedactor.Redact(e.Message, _token), e);
        }
    }

    private Connection Connect()
    {
        if (!IsEnabled)
        {
            throw new InvalidOperationException("Telegram is off (Telegram:Token is empty).");
        }

        var http = _factory.CreateClient(TelegramRegistration.HttpClientName);
        var options = new TelegramBotClientOptions(_token, _options.ApiBaseUrl) { RetryCount = 0 };
        var client = new TelegramBotClient(options, http);
        client.OnMakingApiRequest += MarkLongPoll;
        if (Account.Length > 0)
        {
            client.OnMakingApiRequest += MarkBot;
        }
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

    /// <summary>Tells <see cref="TelegramHttpHandler"/> whose token a call used, for that bot's token incident.</summary>
    private ValueTask MarkBot(ITelegramBotClient client, ApiRequestEventArgs args, CancellationToken ct)
    {
        args.HttpRequestMessage?.Options.Set(TelegramHttpHandler.Bot, Account);
        return ValueTask.CompletedTask;
    }

    private sealed record Connection(TelegramBotClient Client, HttpClient Http, TelegramBotClientOptions Options);
}
