using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Humas.Bot.Storage;

/// <summary>
/// Retention clean-ups delete in bounded batches, each its own short statement, instead of one statement for
/// everything expired. At national scale an hour of inbox rows or counted presses is hundreds of thousands of rows:
/// on SQLite one such statement holds the file's only writer for seconds, and every webhook's ack (which waits for its
/// inbox commit) and every vote waits behind it; on PostgreSQL it is one long transaction and a burst of WAL.
/// </summary>
public static class BatchedDelete
{
    /// <summary>
    /// Rows per statement: small enough that one batch holds the SQLite writer for milliseconds, large enough that a
    /// day's expiry is a few hundred round trips.
    /// </summary>
    public const int BatchSize = 5_000;

    /// <summary>
    /// Deletes what <paramref name="expired"/> matches, <paramref name="batchSize"/> rows at a time in
    /// <paramref name="order"/> (the index the predicate is answered by, so each batch reads only its own rows), until
    /// a batch deletes fewer; returns how many. Each batch enters the SQLite write gate and leaves it again, so the
    /// writes queued meanwhile get in between batches; cancellation is honoured between batches.
    /// </summary>
    /// <param name="key">
    /// An indexed column by which the delete finds a batch's rows again: the key, or (<paramref name="keyIsUnique"/>
    /// false) the key's first column.
    /// </param>
    /// <param name="keyIsUnique">
    /// False when <paramref name="key"/> is only part of the key: the delete then also asks <paramref name="expired"/>
    /// of each row, so another row with the same value is only deleted if it is expired too (a batch may then delete a
    /// few more than <paramref name="batchSize"/>, never a row <paramref name="expired"/> does not match). With a
    /// unique key it does not: the delete then has only the key's index to find rows by, where the planner could
    /// otherwise read the whole expired range again for every batch.
    /// </param>
    /// <remarks>
    /// The statement is <c>DELETE ... WHERE key IN (SELECT key ... ORDER BY order LIMIT n)</c>, in LINQ, so EF writes it
    /// for both providers. Not EF's own translation of <c>OrderBy().Take().ExecuteDelete()</c>: that is
    /// <c>WHERE EXISTS (SELECT 1 FROM (... LIMIT n) AS t2 WHERE t2.key = t.key)</c>, which SQLite answers by scanning
    /// the whole table for every batch. Without an explicit transaction each statement commits on its own.
    /// </remarks>
    public static async Task<int> DeleteAsync<TEntity, TOrder, TKey>(
        IDbContextFactory<HumasDbContext> factory,
        SqliteWriteGate sqliteWriter,
        Func<HumasDbContext, IQueryable<TEntity>> expired,
        Expression<Func<TEntity, TOrder>> order,
        Expression<Func<TEntity, TKey>> key,
        int batchSize,
        CancellationToken ct,
        bool keyIsUnique = true)
        where TEntity : class
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var db = await factory.CreateDbContextAsync(ct);
        var total = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            // row => batch.Contains(row.key), built by hand since the key is given as an expression; with its own
            // parameter, as the key's is already the subquery's.
            var batch = expired(db).OrderBy(order).Take(batchSize).Select(key);
            var row = Expression.Parameter(typeof(TEntity), "row");
            var inBatch = Expression.Lambda<Func<TEntity, bool>>(
                Expression.Call(
                    typeof(Queryable), nameof(Queryable.Contains), [typeof(TKey)],
                    batch.Expression, ReplacingExpressionVisitor.Replace(key.Parameters[0], row, key.Body)),
                row);
            int deleted;
            using (await sqliteWriter.EnterAsync(db, ct))
            {
                deleted = await (keyIsUnique ? db.Set<TEntity>() : expired(db)).Where(inBatch).ExecuteDeleteAsync(ct);
            }

            total += deleted;
            if (deleted < batchSize)
            {
                return total;
            }
        }
    }
}
