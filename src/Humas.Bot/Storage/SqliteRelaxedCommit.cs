using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Storage;

/// <summary>
/// A SQLite commit that does not wait for the disk: <c>synchronous=NORMAL</c> on the connection for one write, then
/// back to what it was (<c>FULL</c>, SQLite's default, for every connection the service opens). In WAL mode such a
/// commit is in the log at once, so a killed process loses nothing, but it reaches the disk only with the next commit
/// that waits for the disk (which writes the whole log) or a checkpoint; a power cut before that loses it. On the
/// benchmarks' virtual disk a waited commit takes about 2 ms, during which SQLite's one writer, and so every write queued
/// at the <see cref="SqliteWriteGate"/>, waits.
/// <para>
/// Only for a write whose loss in a power cut costs nothing beyond what losing the writes after it costs anyway: a
/// delivery lease (the rows go back to the queue; a row sent meanwhile is re-sent, as one whose result was not yet
/// committed is, and its result's commit, which waits, writes the lease to disk before it); a vote batch whose every
/// press an inbox hands over again until its done-mark is written (the mark's commit, which waits, comes after the
/// vote's and takes it to disk; a cut before it loses both, and the press is counted again). PostgreSQL, and a write
/// inside an open transaction (whose commit decides), are left alone.
/// </para>
/// </summary>
public static class SqliteRelaxedCommit
{
    /// <summary>Relaxes <paramref name="db"/>'s open connection until the result is disposed.</summary>
    public static async ValueTask<Relaxed> EnterAsync(HumasDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite() || db.Database.CurrentTransaction is not null)
        {
            return default;
        }

        var connection = db.Database.GetDbConnection();
        var level = Convert.ToInt32(await ScalarAsync(connection, "PRAGMA synchronous", ct), System.Globalization.CultureInfo.InvariantCulture);
        if (level <= Normal)
        {
            return default;
        }

        await ScalarAsync(connection, $"PRAGMA synchronous = {Normal}", ct);
        return new Relaxed(connection, level);
    }

    private const int Normal = 1;

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }

    /// <summary>Puts the connection's level back, whatever the write did: the connection goes back to the pool after it.</summary>
    public readonly struct Relaxed(DbConnection? connection, int level) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection is null)
            {
                return;
            }

            try
            {
                await ScalarAsync(connection, $"PRAGMA synchronous = {level}", CancellationToken.None);
            }
            catch
            {
                // A connection that cannot be set back must not be handed out again relaxed.
                if (connection is SqliteConnection sqlite)
                {
                    SqliteConnection.ClearPool(sqlite);
                }

                throw;
            }
        }
    }
}
