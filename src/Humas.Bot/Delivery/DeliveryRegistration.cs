using Humas.Bot.Cli;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Cli;
using Humas.Bot.Delivery.Digests;
using Humas.Bot.Delivery.Dispatch;
using Humas.Bot.Delivery.FanOut;
using Humas.Bot.Delivery.Log;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Delivery.Operations;
using Humas.Bot.Delivery.Progress;
using Humas.Bot.Delivery.RateLimiting;
using Humas.Bot.Host;
using Humas.Bot.Storage.Cluster;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Delivery;

public static class DeliveryRegistration
{
    /// <summary>
    /// Fan-out, the outbox dispatcher, rate limiters, digests, progress, the per-recipient log, cancel/recall/correct and their CLI
    /// verbs. Channels register themselves as <see cref="IDeliveryChannel"/> in their own AddXxx.
    /// </summary>
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions(DeliveryOptions.Section, new DeliveryOptionsValidator());
        services.AddSingleton<IValidateOptions<DeliveryOptions>, MovedDeliveryKeys>();
        services.AddSingleton<ChannelRegistry>();
        services.AddSingleton<RateLimiterRegistry>();
        services.HearFromOtherInstances(SharedPause.Channel, sp => sp.GetRequiredService<RateLimiterRegistry>().Receive);
        services.AddSingleton<IChannelGateway, Gateway.ChannelGateway>();
        services.AddSingleton<Notices.NoticeOutbox>();
        services.TryAddSingleton<IReactionCountSource, NoReactionCounts>();
        services.TryAddSingleton<IArticleLinks, DirectArticleLinks>();
        services.AddSingleton<MessageComposer>();
        services.AddSingleton<RetryPolicy>();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<FanOutPlanner>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddSingleton<DigestPlanner>();
        services.AddSingleton<DeliveryProgress>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<DeliveryOperations>();
        services.AddSingleton<DeliveryTracing>();
        services.AddSingleton<ArticleJobWake>();
        services.AddSingleton<ArticleJobs>();
        services.AddSingleton<ArticleActions>();
        services.AddSingleton<ArticleJobRunner>();
        services.AddHostedService<ArticleJobService>();
        services.AddSingleton<FanOutWake>();
        services.AddSingleton<DispatchWake>();
        // Deliveries another instance planned (its fan-out's commits notify).
        services.WakeOnCommitsElsewhere(ClusterTopic.Outbox, sp => sp.GetRequiredService<DispatchWake>().Wake);
        services.AddHostedService<FanOutService>();
        services.AddHostedService<DispatcherService>();
        services.AddHostedService<DigestService>();
        services.AddSingleton<ICliCommand, DeliveriesCommand>();
        return builder;
    }
}
