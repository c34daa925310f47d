using Npgsql;

namespace Humas.Bot.Storage.Cluster;

/// <summary>
/// The connection of a PostgreSQL session the service holds for as long as it runs (the leader's lock, the listener of
/// other instances' commits): unpooled, because a pooled one would go back to the pool still holding its session's lock
/// or still listening; short connect and command timeouts, and a name that tells it apart in <c>pg_stat_activity</c>.
/// </summary>
internal static class ClusterSession
{
    public static NpgsqlConnectionStringBuilder ConnectionString(IConfiguration configuration, string applicationName) =>
        new(configuration.GetConnectionString(StorageRegistration.ConnectionStringName))
        {
            Pooling = false,
            Timeout = 10,
            CommandTimeout = 10,
            ApplicationName = applicationName,
        };
}
