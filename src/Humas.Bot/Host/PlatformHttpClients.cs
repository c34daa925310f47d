namespace Humas.Bot.Host;

public static class PlatformHttpClients
{
    /// <summary>
    /// The one named HttpClient of a messaging platform: pooled connections renewed every 5 minutes (DNS
    /// changes are picked up without recycling handlers), compressed answers accepted, and no client-wide
    /// timeout, since each call sets its own (Telegram's long poll holds a request open on purpose).
    /// </summary>
    public static IHttpClientBuilder AddPlatformHttpClient(this IServiceCollection services, string name) =>
        services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
}
