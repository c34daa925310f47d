using Humas.Bot.Host;

namespace Humas.Bot.Storage.Cluster;

public static class ClusterRegistration
{
    /// <summary>
    /// Several instances on one PostgreSQL database: the leader lock, the instance heartbeats and the live count
    /// the rate limiters share by, the listener that wakes this instance's workers on other instances' commits and hands
    /// on their messages (<see cref="ClusterMessages"/>).
    /// All are inert on SQLite (one process, always leader, one share, its own wakes).
    /// </summary>
    public static IServiceCollection AddCluster(this IServiceCollection services)
    {
        services.AddValidatedOptions(ClusterOptions.Section, new ClusterOptionsValidator());
        services.AddSingleton<ClusterMembership>();
        services.AddSingleton<DatabaseLeadership>();
        services.AddSingleton<ILeadership>(sp => sp.GetRequiredService<DatabaseLeadership>());
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseLeadership>());
        services.AddSingleton<InstanceHeartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceHeartbeat>());
        services.AddSingleton<ClusterMessages>();
        services.AddSingleton<ClusterWakeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterWakeListener>());
        return services;
    }

    /// <summary>
    /// Calls <paramref name="wake"/> (resolved once) when another instance commits rows of <paramref name="topic"/>
    /// (<see cref="ClusterWakeListener"/>, PostgreSQL only); the part that registers it sends the matching
    /// <see cref="ClusterNotice"/> when it commits such rows itself.
    /// </summary>
    public static IServiceCollection WakeOnCommitsElsewhere(this IServiceCollection services, ClusterTopic topic, Func<IServiceProvider, Action> wake) =>
        services.AddSingleton(sp => new ClusterWakeTarget(topic, wake(sp)));

    /// <summary>
    /// Calls <paramref name="receive"/> (resolved once) with every payload another instance (or this one) sends on
    /// <paramref name="channel"/> with <see cref="ClusterMessages"/> (<see cref="ClusterWakeListener"/>, PostgreSQL only).
    /// </summary>
    public static IServiceCollection HearFromOtherInstances(this IServiceCollection services, string channel, Func<IServiceProvider, Action<string>> receive) =>
        services.AddSingleton(sp => new ClusterMessageTarget(channel, receive(sp)));
}
