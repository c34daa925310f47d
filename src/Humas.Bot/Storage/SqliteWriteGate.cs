using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Storage;

/// <summary>
/// SQLite has one writer per database file. Queueing this process's hot writers (votes, the Telegram inbox)
/// on one in-process gate, instead of letting them collide in BEGIN IMMEDIATE, avoids Microsoft.Data.Sqlite's
/// busy-retry sleeps: measured with 16 concurrent presses, p99 fell from over a second to the cost of the
/// queue. One gate for the whole process, because the writers contend for the same file. PostgreSQL needs
/// none, so the gate is a no-op there.
/// <para>
/// Writes that someone is waiting on to be answered (a webhook's ack waits for its update to be stored) are let in
/// ahead of the others (<see cref="EnterAheadAsync"/>); the others keep their arrival order. Under a stream of votes
/// an inbox commit otherwise waited for every vote batch and outcome commit queued before it, which do not hold up
/// anyone's answer. Hand-made for that: SemaphoreSlim serves its waiters in arrival order only, with no way ahead.
/// </para>
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _ahead = new();
    private readonly Queue<TaskCompletionSource> _inTurn = new();
    private bool _held;

    /// <summary>Waiters queued, given up ones included until they are passed over (for tests).</summary>
    internal int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _ahead.Count + _inTurn.Count;
            }
        }
    }

    /// <summary>Waits for the gate when <paramref name="db"/> is SQLite; dispose the result to release it.</summary>
    public ValueTask<Release> EnterAsync(HumasDbContext db, CancellationToken ct) => EnterAsync(db, ahead: false, ct);

    /// <summary>
    /// As <see cref="EnterAsync"/>, but served before every write waiting in turn: for a write that a caller must see
    /// committed before it can answer. Only writes that come one batch at a time may use it (a group commit's one
    /// writer), so that the writes in turn still get the gate at least every other time.
    /// </summary>
    public ValueTask<Release> EnterAheadAsync(HumasDbContext db, CancellationToken ct) => EnterAsync(db, ahead: true, ct);

    private async ValueTask<Release> EnterAsync(HumasDbContext db, bool ahead, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return default;
        }

        ct.ThrowIfCancellationRequested();
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return new Release(this);
            }

            // Asynchronous continuations: the waiter is handed the gate inside the lock, and must not run there.
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (ahead ? _ahead : _inTurn).Enqueue(waiter);
        }

        // A cancelled waiter stays queued and is passed over when the gate is handed on; the gate goes to exactly one
        // waiter, because handing it on (TrySetResult) and cancelling (TrySetCanceled) cannot both succeed.
        using (ct.UnsafeRegister(static (w, token) => ((TaskCompletionSource)w!).TrySetCanceled(token), waiter))
        {
            await waiter.Task;
        }

        return new Release(this);
    }

    private void Exit()
    {
        lock (_lock)
        {
            if (!_held)
            {
                throw new InvalidOperationException("The SQLite write gate was released more often than it was entered.");
            }

            while (_ahead.TryDequeue(out var next) || _inTurn.TryDequeue(out next))
            {
                if (next.TrySetResult())
                {
                    return;
                }
            }

            _held = false;
        }
    }

    public readonly struct Release(SqliteWriteGate? gate) : IDisposable
    {
        public void Dispose() => gate?.Exit();
    }
}
