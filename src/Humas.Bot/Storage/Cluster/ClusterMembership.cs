namespace Humas.Bot.Storage.Cluster;

/// <summary>
/// This instance's name and how many instances are alive (itself included). The delivery rate limiters divide each
/// platform limit by <see cref="LiveInstances"/>, so all instances together stay within it, and the HTTP request
/// limits each per-client limit (<c>HttpRateLimits.Share</c>). One on SQLite.
/// </summary>
public sealed class ClusterMembership
{
    private int _live = 1;

    /// <summary>Unique per process: host name, process id and a random part (a restarted process is a new instance).</summary>
    public string InstanceName { get; } = Clip($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");

    public int LiveInstances => Volatile.Read(ref _live);

    public void SetLiveInstances(int count) => Volatile.Write(ref _live, Math.Max(1, count));

    private static string Clip(string name) => name.Length > 64 ? name[^64..] : name;
}
