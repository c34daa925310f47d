using Humas.Bot.Host;
using Humas.Bot.Storage.Cluster;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Conversations.Inbox;

public static class InboxRegistration
{
    /// <summary>
    /// A channel's durable inbox (<typeparamref name="TInbox"/>, a singleton, also reachable by its own type for the
    /// adapter that stores into it), its handler (scoped) and the worker that handles it on the leader (<see cref="InboxOptions"/>, shared by every channel),
    /// woken by other instances' commits on PostgreSQL.
    /// </summary>
    public static IServiceCollection AddDurableInbox<TItem, TInbox, THandler>(this IServiceCollection services)
        where TItem : InboxItem
        where TInbox : DurableInbox<TItem>
        where THandler : class, IInboxHandler<TItem>
    {
        services.TryAddSingleton<InboxTracing>();
        if (!services.Any(s => s.ServiceType == typeof(IValidateOptions<InboxOptions>)))
        {
            services.AddValidatedOptions(InboxOptions.Section, new InboxOptionsValidator());
        }

        services.AddSingleton<TInbox>();
        services.AddSingleton<DurableInbox<TItem>>(sp => sp.GetRequiredService<TInbox>());
        // The leader's worker may be in another instance than the webhook that stored the item.
        services.WakeOnCommitsElsewhere(ClusterTopic.Inbox, sp => sp.GetRequiredService<TInbox>().Wake);
        services.AddScoped<IInboxHandler<TItem>, THandler>();
        services.AddHostedService<DurableInboxWorker<TItem>>();
        return services;
    }
}
