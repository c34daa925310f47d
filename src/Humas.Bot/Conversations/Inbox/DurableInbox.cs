using System.Linq.Expressions;
using Humas.Bot.Host;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Conversations.Inbox;

/// <summary>
/// A channel's durable inbox: what its adapter stored (store first, acknowledge the platform, handle later) as
/// <see cref="DurableInboxWorker{TItem}"/> sees it. The channel says how its rows are keyed and ordered and when
/// its inbox is on; claiming a batch in order, marking an item done, recording a failed attempt and waking the
/// worker are the same for every channel and live here.
/// </summary>
public abstract class DurableInbox<TItem>(IDbContextFactory<HumasDbContext> factory, TimeProvider time)
    where TItem : InboxItem
{
    private readonly Signal _signal = new();

    /// <summary>The channel, for log lines and the span's <c>humas.inbox</c> tag.</summary>
    public abstract string Name { get; }

    /// <summary>False when the channel is off: the worker then does not even look.</summary>
    public abstract bool Enabled { get; }

    /// <summary>How log lines name one item ("update 42").</summary>
    public abstract string Describe(TItem item);

    /// <summary>Deletes handled rows past the channel's retention (the worker calls it hourly).</summary>
    public abstract Task PruneAsync(CancellationToken ct);

    /// <summary>The row of <paramref name="item"/>, by the channel's key.</summary>
    protected abstract Expression<Func<TItem, bool>> Is(TItem item);

    /// <summary>Arrival order, which is handling order: one chat's items keep theirs.</summary>
    protected abstract IOrderedQueryable<TItem> InArrivalOrder(IQueryable<TItem> items);

    protected IDbContextFactory<HumasDbContext> Factory => factory;

    protected TimeProvider Time => time;

    /// <summary>The oldest items not handled yet, in arrival order.</summary>
    public async Task<IReadOnlyList<TItem>> PendingAsync(int max, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await InArrivalOrder(db.Set<TItem>().AsNoTracking().Where(i => i.ProcessedAt == null)).Take(max).ToListAsync(ct);
    }

    /// <summary>Handled, or given up on or set aside with <paramref name="error"/>.</summary>
    public async Task CompleteAsync(TItem item, int attempts, string? error, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var shortError = InboxErrors.Truncate(error);
        await db.Set<TItem>().Where(Is(item)).ExecuteUpdateAsync(u => u
            .SetProperty(i => i.ProcessedAt, now)
            .SetProperty(i => i.Attempts, attempts)
            .SetProperty(i => i.LastError, shortError), ct);
    }

    /// <summary>A failed attempt that will be retried.</summary>
    public async Task RecordFailureAsync(TItem item, int attempts, string error, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var shortError = InboxErrors.Truncate(error);
        await db.Set<TItem>().Where(Is(item)).ExecuteUpdateAsync(u => u
            .SetProperty(i => i.Attempts, attempts)
            .SetProperty(i => i.LastError, shortError), ct);
    }

    /// <summary>Waits until something is stored in this process or <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, time, ct);

    /// <summary>
    /// Fills in what every row records on arrival: the time, and the current span's traceparent (the webhook
    /// request's), so handling the row continues that trace.
    /// </summary>
    protected TItem Arrived(TItem item, DateTime now)
    {
        item.ReceivedAt = now;
        item.TraceParent = Host.TraceParent.Current();
        return item;
    }

    /// <summary>Call after new rows are committed.</summary>
    protected void Wake() => _signal.Wake();

    private sealed class Signal : WorkSignal;
}
