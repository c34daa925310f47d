using Humas.Bot.Alerts;
using System.Diagnostics;

namespace Humas.Bot.Channels.Telegram.Api;

/// <summary>
/// The first handler of the "telegram" HttpClient: a timeout per request and one log line per Bot API call,
/// with the token redacted. Hand-made because the library knows only one <c>HttpClient.Timeout</c> for every
/// call, while getUpdates is held open by Telegram on purpose for its long-poll time: that hold travels with
/// the request (<see cref="ServerHold"/>) and is added here. IHttpClientFactory's own loggers are removed
/// because they print the URL, which carries the token.
/// It also tells the alerts what Telegram says of the token: a 401 on a Bot API call means it was revoked or is wrong.
/// </summary>
internal sealed partial class TelegramHttpHandler(TimeSpan timeout, ILogger logger, ICredentialsMonitor? credentials) : DelegatingHandler
{
    /// <summary>How long Telegram may hold this request on purpose (getUpdates' long poll), on top of the timeout.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> ServerHold = new("Humas.Telegram.ServerHold");

    /// <summary>The institution whose own bot made the call (absent for the shared bot): its token incident is its own.</summary>
    public static readonly HttpRequestOptionsKey<string> Bot = new("Humas.Telegram.Bot");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var limit = timeout + (request.Options.TryGetValue(ServerHold, out var hold) ? hold : TimeSpan.Zero);
        var method = MethodOf(request.RequestUri);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(limit);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, timer.Token).ConfigureAwait(false);
            if (!IsFile(request.RequestUri))
            {
                // The library reads the body after this handler returns, outside any timeout of ours; a
                // server that sends headers and then stalls would hold the caller for good.
                await response.Content.LoadIntoBufferAsync(timer.Token).ConfigureAwait(false);
            }

            var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.IsSuccessStatusCode)
            {
                LogAnswered(logger, method, (int)response.StatusCode, elapsed);
                if (credentials is not null && !IsFile(request.RequestUri))
                {
                    await credentials.AcceptedAsync(PlatformOf(request), cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                LogRefused(logger, method, (int)response.StatusCode, elapsed, Redacted(request.RequestUri));
                if (credentials is not null && response.StatusCode == System.Net.HttpStatusCode.Unauthorized && !IsFile(request.RequestUri))
                {
                    await credentials.RejectedAsync(PlatformOf(request), $"{method} answered 401 Unauthorized", cancellationToken).ConfigureAwait(false);
                }
            }

            return response;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(logger, method, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, Redacted(request.RequestUri));
            // The library turns this into RequestException("... timed out") with this as the inner exception.
            throw new TaskCanceledException($"Telegram {method} timed out after {limit.TotalSeconds:0} s.", new TimeoutException(e.Message));
        }
        catch (HttpRequestException e)
        {
            LogFailed(logger, method, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, Redacted(request.RequestUri), TelegramUrlRedactor.Redact(e.Message));
            throw;
        }
    }

    /// <summary>The platform name the shared bot's token incident is kept under (<c>token:telegram</c>).</summary>
    public const string Platform = "telegram";

    /// <summary><c>telegram</c> for the shared bot, <c>telegram:{institution}</c> for an institution's own (<c>token:telegram:kemensos</c>).</summary>
    public static string PlatformOf(string account) => CredentialIncidents.PlatformOf(Platform, account);

    private static string PlatformOf(HttpRequestMessage request) => PlatformOf(request.Options.TryGetValue(Bot, out var bot) ? bot : "");

    private static bool IsFile(Uri? uri) => uri?.AbsolutePath.StartsWith("/file/", StringComparison.Ordinal) == true;

    /// <summary>The last path segment (the method), or "file" for downloads; never the token.</summary>
    private static string MethodOf(Uri? uri) =>
        uri is null ? "?" : IsFile(uri) ? "file" : uri.AbsolutePath[(uri.AbsolutePath.LastIndexOf('/') + 1)..];

    private static string Redacted(Uri? uri) => TelegramUrlRedactor.Redact(uri?.OriginalString ?? "");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} answered {Status} in {Elapsed} ms")]
    private static partial void LogAnswered(ILogger logger, string method, int status, long elapsed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} answered {Status} in {Elapsed} ms at {Url}")]
    private static partial void LogRefused(ILogger logger, string method, int status, long elapsed, string url);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} timed out after {Elapsed} ms at {Url}")]
    private static partial void LogTimedOut(ILogger logger, string method, long elapsed, string url);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} failed after {Elapsed} ms at {Url}: {Error}")]
    private static partial void LogFailed(ILogger logger, string method, long elapsed, string url, string error);
}
