using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Humas.Bot.Storage;

/// <summary>
/// Whether a failure (or what it wraps) is the database being briefly unavailable or busy, so that waiting and
/// doing the same work again is the cure: SQLite busy or locked (another writer, a checkpoint, an operator's shell
/// holding a transaction), PostgreSQL unreachable, restarting, timing out or shedding load. For PostgreSQL the
/// provider decides (<see cref="DbException.IsTransient"/>, which Npgsql sets for connection failures, timeouts,
/// "cannot connect now", too many connections, serialization failures, deadlocks and a full disk). A full SQLite
/// disk counts too, as Npgsql has it: the operator frees space, and the work done again then succeeds.
/// </summary>
public static class TransientStorageFailure
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteFull = 13;

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked or SqliteFull }:
                case DbException { IsTransient: true }:
                    return true;
                // A timeout counts only inside the database's own exception: a bare TimeoutException is what the
                // channels' API clients throw when a platform does not answer, which is not the database's blip.
                case DbException or DbUpdateException or RetryLimitExceededException when Wraps<TimeoutException>(e):
                    return true;
            }
        }

        return false;
    }

    private static bool Wraps<T>(Exception exception)
        where T : Exception
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T)
            {
                return true;
            }
        }

        return false;
    }
}
