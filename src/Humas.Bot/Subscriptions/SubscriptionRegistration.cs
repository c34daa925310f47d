namespace Humas.Bot.Subscriptions;

public static class SubscriptionRegistration
{
    /// <summary>
    /// Conversations, what they follow, the service the chat adapters call, and the channels and groups editors
    /// connect to institutions.
    /// </summary>
    public static IHostApplicationBuilder AddSubscriptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SubscriptionService>();
        builder.Services.AddSingleton<ChatConnections>();
        return builder;
    }
}
