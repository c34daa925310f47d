namespace Humas.Bot.Subscriptions;

public static class SubscriptionRegistration
{
    /// <summary>
    /// Conversations, what they follow, the service the chat adapters call, the channels and groups editors
    /// connect to institutions, and where moved chats live now.
    /// </summary>
    public static IHostApplicationBuilder AddSubscriptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SubscriptionService>();
        builder.Services.AddSingleton<ChatConnections>();
        builder.Services.AddSingleton<ChatMoves>();
        builder.Services.AddSingleton<ChatMoveStore>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChatMoveStore>());
        return builder;
    }
}
