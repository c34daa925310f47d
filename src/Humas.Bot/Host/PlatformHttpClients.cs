namespace Humas.Bot.Host;

public static class PlatformHttpClients
{
    /// <summary>
    /// The one named HttpClient of a messaging platform: pooled connections renewed every 5 minutes (DNS
    /// changes are picked up without recycling handlers), compressed answers accepted, and no client-wide
    /// timeout, since each call sets its own (Telegram's long poll holds a request open on purpose). With
    /// <paramref name="allowPrivateNetworks"/>, the platform's URLs come (partly) from outside, so its
    /// connections go through <see cref="PublicNetworkGuard"/> unless that setting answers true.
    /// </summary>
    public static IHttpClientBuilder AddPlatformHttpClient(
        this IServiceCollection services, string name, Func<IServiceProvider, Func<bool>>? allowPrivateNetworks = null) =>
        services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var handler = allowPrivateNetworks is null ? new SocketsHttpHandler() : PublicNetworkGuard.Handler(allowPrivateNetworks(sp));
                handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
                handler.AutomaticDecompression = System.Net.DecompressionMethods.All;
                return handler;
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
}
