using Humas.Bot.Delivery.Messages;
using Humas.Bot.Feedback.Live;
using Humas.Bot.Feedback.Refresh;
using Humas.Bot.Host;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Humas.Bot.Feedback;

public static class FeedbackRegistration
{
    /// <summary>
    /// Reaction options, votes and tallies, the counters shown under delivered messages (replacing
    /// Delivery's zeros), the coalesced counter refresh and the live tallies of watched articles. Call after AddDelivery.
    /// </summary>
    public static IHostApplicationBuilder AddFeedback(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions(ReactionOptions.Section, new ReactionOptionsValidator())
            .PostConfigure(o => o.ApplyDefaults());
        services.AddSingleton<ReactionCatalog>();
        services.AddSingleton<FeedbackTracing>();
        services.AddSingleton<ReactionService>();
        services.AddSingleton<IReactionService>(sp => sp.GetRequiredService<ReactionService>());
        // Replaces Delivery's "no counts" default whichever part is registered first (Delivery only TryAdds it).
        services.RemoveAll<IReactionCountSource>();
        services.AddSingleton<IReactionCountSource>(sp => sp.GetRequiredService<ReactionService>());
        services.AddSingleton<CounterRefresher>();
        services.AddHostedService<CounterRefreshService>();
        services.AddSingleton<CountedPressJanitor>();
        services.AddHostedService(sp => sp.GetRequiredService<CountedPressJanitor>());
        services.AddSingleton<TallyWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<TallyWatch>());
        return builder;
    }
}
