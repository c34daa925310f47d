using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Storage;

public static class TransactionExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction under the provider's execution strategy, so a
    /// transient PostgreSQL failure retries the whole unit instead of leaving half of it written.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this HumasDbContext db, Func<Task<T>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work();
            await transaction.CommitAsync(ct);
            return result;
        });
}
