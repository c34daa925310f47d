using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Humas.Bot.Storage;

/// <summary>
/// Removes U+0000 from every text value saved. PostgreSQL's text types cannot hold it and refuse the whole
/// statement (the fault suite's fuzzer found a Teams tip whose text carried one answered 500); no platform sends
/// it in real text, and removing it on both providers keeps SQLite and PostgreSQL storing the same thing.
/// </summary>
internal sealed class NulCharacterInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Strip(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Strip(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Strip(DbContext? db)
    {
        if (db is null)
        {
            return;
        }

        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string text && text.Contains('\0', StringComparison.Ordinal))
                {
                    property.CurrentValue = text.Replace("\0", "", StringComparison.Ordinal);
                }
            }
        }
    }
}
