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
    public static async Task LockAsync(this HumasDbContext db, string key, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [KeyOf(key)], ct);
    }

    /// <summary>A stable 64-bit key (string.GetHashCode differs between processes, and instances must agree).</summary>
    public static long KeyOf(string key) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0);
}
