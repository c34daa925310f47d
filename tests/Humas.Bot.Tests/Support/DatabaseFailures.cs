using Microsoft.Data.Sqlite;
using Npgsql;

namespace Humas.Bot.Tests.Support;

/// <summary>
/// Real exceptions of a database briefly unavailable or busy, made by the drivers themselves rather than constructed:
/// SQLite's "database is locked" (a second writer while another holds the write lock) and Npgsql's failure to
/// connect (a port nothing listens on).
/// </summary>
internal static class DatabaseFailures
{
    /// <summary>SQLITE_BUSY from a write to a SQLite file (in <paramref name="folder"/>) whose write lock another connection holds.</summary>
    public static async Task<SqliteException> SqliteBusyAsync(string folder)
    {
        var file = Path.Combine(folder, "locked.db");
        await using var holder = new SqliteConnection($"Data Source={file};Pooling=False");
        await holder.OpenAsync();
        await using (var hold = holder.CreateCommand())
        {
            hold.CommandText = "CREATE TABLE IF NOT EXISTS t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);";
            await hold.ExecuteNonQueryAsync();
        }

        await using var other = new SqliteConnection($"Data Source={file};Default Timeout=1;Pooling=False");
        await other.OpenAsync();
        await using var write = other.CreateCommand();
        write.CommandText = "BEGIN IMMEDIATE;";
        return await Assert.ThrowsAsync<SqliteException>(() => write.ExecuteNonQueryAsync());
    }

    /// <summary>Npgsql's exception for a server that refuses the connection (as while PostgreSQL restarts).</summary>
    public static async Task<NpgsqlException> PostgresRefusedAsync()
    {
        await using var connection = new NpgsqlConnection("Host=127.0.0.1;Port=1;Timeout=5;Pooling=false;Username=x;Password=x;Database=x");
        return await Assert.ThrowsAsync<NpgsqlException>(() => connection.OpenAsync());
    }
}
