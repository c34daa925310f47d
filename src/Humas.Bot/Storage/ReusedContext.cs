using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Storage;

/// <summary>
/// One context kept for a caller that runs one piece of work at a time (a group commit's one writer): a context's
/// set-up costs about 25 µs of CPU before its first statement while EF builds its services, and a burst of webhook
/// requests makes many small groups. Only for work that tracks no entities (raw SQL, no-tracking reads), so the
/// context carries nothing from one piece of work to the next; EF opens and closes the connection per statement or
/// transaction as for a new context. Work that fails drops the context, so the next starts with a fresh one.
/// Hand-made: EF's context pool resets tracked state on every lease, but the service's contexts may be restricted to
/// institutions (<see cref="HumasDbContext.RestrictTo"/>), a model chosen once per context, which a pool would keep.
/// Not disposed at the host's stop: work may still be running on it then (a group commit finishing while the host's
/// services are disposed), which a dispose would break under it; between pieces of work it holds no open connection,
/// so what is left is collected with its owner.
/// </summary>
public sealed class ReusedContext(IDbContextFactory<HumasDbContext> factory)
{
    private HumasDbContext? _db;

    /// <summary>Runs <paramref name="work"/> on the kept context; never call it again before the last call completed.</summary>
    public async Task<T> RunAsync<T>(Func<HumasDbContext, Task<T>> work, CancellationToken ct)
    {
        var db = _db ??= await factory.CreateDbContextAsync(ct);
        try
        {
            return await work(db);
        }
        catch
        {
            _db = null;
            await db.DisposeAsync();
            throw;
        }
    }
}
