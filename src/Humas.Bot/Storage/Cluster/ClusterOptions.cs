using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Storage.Cluster;

/// <summary>
/// <c>Cluster</c> section: how instances sharing one PostgreSQL database find each other. Ignored on SQLite,
/// where the one process is the whole cluster.
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>How often an instance records that it is alive (and recounts the live instances).</summary>
    [Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>An instance not heard from for this long no longer counts for the rate-limit shares.</summary>
    [Range(2, 3600)]
    public int InstanceTimeoutSeconds { get; set; } = 20;

    /// <summary>
    /// How often the leader checks its lock connection and the others try to take the lock: the longest a
    /// dead leader's work waits for a successor, once PostgreSQL has seen the leader's connection close.
    /// </summary>
    [Range(1, 300)]
    public int LeaderCheckSeconds { get; set; } = 2;
}

/// <summary>Generated at build time from the attributes above (no reflection at start).</summary>
[OptionsValidator]
public sealed partial class ClusterOptionsValidator : IValidateOptions<ClusterOptions>;
