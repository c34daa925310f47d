using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Humas.Bot.Tests.Storage;

/// <summary>
/// Which failures are the database being briefly unavailable or busy (the inbox waits them out instead of counting
/// them as attempts): the drivers' own exceptions, also wrapped as EF Core wraps them; not a platform's timeout, not a
/// constraint.
/// </summary>
public sealed class TransientStorageFailureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("humas-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_locked_SQLite_database_is_transient_also_inside_EF_Cores_exception()
    {
        var busy = await DatabaseFailures.SqliteBusyAsync(_folder);
        Assert.Equal(5, busy.SqliteErrorCode);

        Assert.True(TransientStorageFailure.Is(busy));
        Assert.True(TransientStorageFailure.Is(new DbUpdateException("An error occurred while saving the entity changes.", busy)));
        Assert.True(TransientStorageFailure.Is(new SqliteException("database table is locked", 6)));
    }

    [Fact]
    public void A_full_disk_is_transient_on_both_databases_as_Npgsql_has_it()
    {
        Assert.True(new PostgresException("could not extend file: No space left on device", "ERROR", "ERROR", "53100").IsTransient);

        Assert.True(TransientStorageFailure.Is(new PostgresException("could not extend file: No space left on device", "ERROR", "ERROR", "53100")));
        Assert.True(TransientStorageFailure.Is(new DbUpdateException("An error occurred while saving the entity changes.", new SqliteException("database or disk is full", 13))));
    }

    [Fact]
    public async Task PostgreSQL_refusing_connections_or_timing_out_is_transient()
    {
        var refused = await DatabaseFailures.PostgresRefusedAsync();

        Assert.True(TransientStorageFailure.Is(refused));
        Assert.True(TransientStorageFailure.Is(new RetryLimitExceededException("Maximum number of retries exceeded.", refused)));
        Assert.True(TransientStorageFailure.Is(new PostgresException("could not serialize access", "ERROR", "ERROR", "40001")));
        Assert.True(TransientStorageFailure.Is(new DbUpdateException("timed out", new TimeoutException())));
    }

    [Fact]
    public void A_platforms_timeout_a_constraint_and_a_bug_are_not()
    {
        Assert.False(TransientStorageFailure.Is(new TimeoutException("The Graph API did not answer within 10 s.")));
        Assert.False(TransientStorageFailure.Is(new TaskCanceledException("Telegram sendMessage timed out", new TimeoutException())));
        Assert.False(TransientStorageFailure.Is(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
        Assert.False(TransientStorageFailure.Is(new SqliteException("UNIQUE constraint failed", 19)));
        Assert.False(TransientStorageFailure.Is(new InvalidOperationException("a bug")));
    }
}
