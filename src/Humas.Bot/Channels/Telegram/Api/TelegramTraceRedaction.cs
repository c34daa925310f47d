using OpenTelemetry.Instrumentation.Http;

namespace Humas.Bot.Channels.Telegram.Api;

public static class TelegramTraceRedaction
{
    /// <summary>
    /// HttpClient spans record the request URL (<c>url.full</c>), and Telegram's URL carries the token; this puts
    /// the redacted URL in its place when traces are exported. Other URLs pass through unchanged.
    /// </summary>
    public static IServiceCollection AddTelegramTraceRedaction(this IServiceCollection services) =>
        services.Configure<HttpClientTraceInstrumentationOptions>(o =>
        {
            var earlier = o.EnrichWithHttpRequestMessage;
            o.EnrichWithHttpRequestMessage = (activity, request) =>
            {
                earlier?.Invoke(activity, request);
                if (request.RequestUri?.OriginalString is { } url && url.Contains("/bot", StringComparison.Ordinal))
                {
                    activity.SetTag("url.full", TelegramUrlRedactor.Redact(url));
                }
            };
        });
}
