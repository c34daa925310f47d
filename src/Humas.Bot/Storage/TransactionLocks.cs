using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Storage;

/// <summary>
/// Serialises transactions that read, then write, the same logical thing (one reader's vote on one article).
/// On PostgreSQL a transaction-scoped advisory lock on a 64-bit hash of <c>key</c>, released at commit or
/// rollback; under READ COMMITTED such transactions would otherwise interleave and only find out by a
/// unique-key violation, which under a burst from one reader exhausted the retries. SQLite needs nothing:
/// its write transactions already run one at a time.
/// </summary>
public static class TransactionLocks
{
    /// <summary>Call inside a transaction; waits while another transaction holds the same key.</summary>
    public static Task LockAsync(this HumasDbContext db, string key, CancellationToken ct) => db.LockAllAsync([key], ct);

    /// <summary>
    /// Takes the locks of all <paramref name="keys"/> in one round trip, one statement per key in the order of the
    /// 64-bit keys: transactions locking overlapping sets this way wait for each other but cannot deadlock.
    /// </summary>
    public static async Task LockAllAsync(this HumasDbContext db, IEnumerable<string> keys, CancellationToken ct)
    {
        var batch = new RawSqlBatch(db);
        if (batch.Lock(keys))
        {
            await batch.ExecuteAsync((_, _) => { }, ct);
        }
    }

    /// <summary>
    /// Adds the locks of <paramref name="keys"/> to <paramref name="batch"/> as <see cref="LockAllAsync"/> takes them,
    /// ahead of what the batch reads under them (queries whose rows are nothing to read). False when there is nothing
    /// to lock: no keys, or SQLite.
    /// </summary>
    public static bool Lock(this RawSqlBatch batch, IEnumerable<string> keys)
    {
        if (!batch.IsPostgres)
        {
            return false;
        }

        var ordered = keys.Select(KeyOf).Distinct().Order().ToList();
        foreach (var key in ordered)
        {
            batch.Query($"SELECT pg_advisory_xact_lock({batch.P(key)});");
        }

        return ordered.Count > 0;
    }

    /// <summary>A stable 64-bit key (string.GetHashCode differs between processes, and instances must agree).</summary>
    public static long KeyOf(string key) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0);
}
