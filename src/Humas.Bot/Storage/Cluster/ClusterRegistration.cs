using Humas.Bot.Host;

namespace Humas.Bot.Storage.Cluster;

public static class ClusterRegistration
{
    /// <summary>
    /// Several instances on one PostgreSQL database: the leader lock, the instance heartbeats and the live count
    /// the rate limiters share by. Both are inert on SQLite (one process, always leader, one share).
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
        return services;
    }
}
