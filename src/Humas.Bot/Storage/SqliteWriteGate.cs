using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Storage;

/// <summary>
/// SQLite has one writer per database file. Queueing this process's hot writers (votes, the Telegram inbox)
/// on one in-process gate, instead of letting them collide in BEGIN IMMEDIATE, avoids Microsoft.Data.Sqlite's
/// busy-retry sleeps: measured with 16 concurrent presses, p99 fell from over a second to the cost of the
/// queue. One gate for the whole process, because the writers contend for the same file. PostgreSQL needs
/// none, so the gate is a no-op there.
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the gate when <paramref name="db"/> is SQLite; dispose the result to release it.</summary>
    public async ValueTask<Release> EnterAsync(HumasDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return default;
        }

        await _gate.WaitAsync(ct);
        return new Release(_gate);
    }

    public readonly struct Release(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
