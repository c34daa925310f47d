using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Storage.Cluster;

/// <summary>
/// Rows that workers of every instance wait for, and that another instance may commit: the durable inboxes' items
/// (handled by the leader, stored by whichever instance took the webhook) and the outbox's deliveries (sent by every
/// instance's dispatcher, planned by whichever instance ran the fan-out).
/// </summary>
public enum ClusterTopic
{
    Inbox,
    Outbox,
}

/// <summary>
/// Telling the other instances that rows of a <see cref="ClusterTopic"/> were committed: on PostgreSQL a
/// <c>pg_notify</c> on the topic's channel, which PostgreSQL delivers to the listeners
/// (<see cref="ClusterWakeListener"/>) only when the transaction that sent it commits, once however often that
/// transaction sent it, and never when it rolls back. Nothing on SQLite, where the one process wakes its own workers.
/// Send it once per commit, not per row.
/// </summary>
public static class ClusterNotice
{
    /// <summary>
    /// The statement that notifies <paramref name="topic"/>, to send in the same round trip as the write it tells of;
    /// null on SQLite. It returns one row of no columns (nothing for a reader to read).
    /// </summary>
    public static string? Statement(HumasDbContext db, ClusterTopic topic) =>
        db.Database.IsNpgsql() ? $"SELECT FROM pg_notify('{Channel(topic)}', '');" : null;

    /// <summary>
    /// Notifies <paramref name="topic"/> in <paramref name="db"/>'s current transaction (delivered when it commits);
    /// nothing on SQLite.
    /// </summary>
    public static async Task SendAsync(HumasDbContext db, ClusterTopic topic, CancellationToken ct)
    {
        if (Statement(db, topic) is { } statement)
        {
            await db.Database.ExecuteSqlRawAsync(statement, ct);
        }
    }

    /// <summary>The PostgreSQL channel of <paramref name="topic"/>: the same in every instance and every version.</summary>
    internal static string Channel(ClusterTopic topic) => topic switch
    {
        ClusterTopic.Inbox => "humas_inbox",
        ClusterTopic.Outbox => "humas_outbox",
        _ => throw new ArgumentOutOfRangeException(nameof(topic), topic, null),
    };

    /// <summary>The topic of a PostgreSQL channel, or null for a channel of no topic.</summary>
    internal static ClusterTopic? TopicOf(string channel) =>
        Enum.GetValues<ClusterTopic>().Where(t => Channel(t) == channel).Select(t => (ClusterTopic?)t).FirstOrDefault();
}

/// <summary>
/// An in-process wake (a worker's idle wait) that <see cref="ClusterWakeListener"/> calls when another instance commits
/// rows of <paramref name="Topic"/>. Registered with <see cref="ClusterRegistration.WakeOnCommitsElsewhere"/>.
/// </summary>
public sealed record ClusterWakeTarget(ClusterTopic Topic, Action Wake);
