namespace Humas.Bot.Subscriptions;

public static class SubscriptionRegistration
{
    /// <summary>Conversations, what they follow, and the service the chat adapters call.</summary>
    public static IHostApplicationBuilder AddSubscriptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SubscriptionService>();
        return builder;
    }
}
