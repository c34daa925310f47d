using System.Linq.Expressions;
using Humas.Bot.Host;
using Humas.Bot.Storage;
using Humas.Bot.Storage.Cluster;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Conversations.Inbox;

/// <summary>
/// A channel's durable inbox: what its adapter stored (store first, acknowledge the platform, handle later) as
/// <see cref="DurableInboxWorker{TItem}"/> sees it. The channel says how its rows are keyed and ordered and when
/// its inbox is on; claiming a batch in order, marking an item done, recording a failed attempt and waking the
/// worker are the same for every channel and live here.
/// </summary>
public abstract class DurableInbox<TItem>(IDbContextFactory<HumasDbContext> factory, SqliteWriteGate sqliteWriter, TimeProvider time)
    where TItem : InboxItem
{
    private readonly Signal _signal = new();
    private GroupCommit<IReadOnlyList<TItem>, int>? _commits;
    private GroupCommit<Outcome, bool>? _outcomes;
    // Each group commit's one writer keeps its context (raw SQL only): a webhook burst makes many small commits.
    private readonly ReusedContext _commitContext = new(factory);
    private readonly ReusedContext _outcomeContext = new(factory);
    private RowKey<TItem>? _rowKey;

    /// <summary>The channel, for log lines and the span's <c>humas.inbox</c> tag.</summary>
    public abstract string Name { get; }

    /// <summary>False when the channel is off: the worker then does not even look.</summary>
    public abstract bool Enabled { get; }

    /// <summary>How log lines name one item ("update 42"); unique within the channel, so the worker also tells items apart by it.</summary>
    public abstract string Describe(TItem item);

    /// <summary>
    /// The chat whose items must keep their order (handled one at a time, in arrival order); items of different
    /// chats are handled side by side. Null when the item must be handled alone, with nothing else in progress
    /// (an item that concerns two chats, or one not readable enough to say).
    /// </summary>
    public virtual string? ChatOf(TItem item) => null;

    /// <summary>
    /// Deletes handled rows past the channel's retention (the worker calls it hourly), in batches of
    /// <see cref="PruneBatchSize"/> (<see cref="BatchedDelete"/>).
    /// </summary>
    public abstract Task PruneAsync(CancellationToken ct);

    /// <summary>Rows per delete statement of <see cref="PruneAsync"/> (<see cref="BatchedDelete.BatchSize"/>; tests make it small).</summary>
    internal int PruneBatchSize { get; set; } = BatchedDelete.BatchSize;

    /// <summary>
    /// The rows of <paramref name="items"/> (may match a few more; the worker only uses it to skip rows it already has).
    /// Its lists of keys go as one parameter each (<c>EF.Parameter</c>: a JSON array on SQLite, an array on PostgreSQL),
    /// not one parameter per key: with up to a few hundred items in hand, every poll otherwise had its own SQL for EF to
    /// make and SQLite to parse, and SQLite's driver placed each of its hundreds of parameters by name in a list.
    /// </summary>
    protected abstract Expression<Func<TItem, bool>> IsAnyOf(IReadOnlyCollection<TItem> items);

    /// <summary>Arrival order, which is handling order: one chat's items keep theirs.</summary>
    protected abstract IOrderedQueryable<TItem> InArrivalOrder(IQueryable<TItem> items);

    protected IDbContextFactory<HumasDbContext> Factory => factory;

    /// <summary>In-process serialisation of SQLite writes (a no-op on PostgreSQL).</summary>
    protected SqliteWriteGate SqliteWriter => sqliteWriter;

    protected TimeProvider Time => time;

    /// <summary>The oldest items not handled yet, in arrival order, leaving out <paramref name="skip"/> (those already in hand).</summary>
    public async Task<IReadOnlyList<TItem>> PendingAsync(int max, IReadOnlyCollection<TItem> skip, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await PendingQuery(db, max, skip).ToListAsync(ct);
    }

    /// <summary>The query of <see cref="PendingAsync"/> (its plan is tested: the inbox's pending index answers it in order).</summary>
    internal IQueryable<TItem> PendingQuery(HumasDbContext db, int max, IReadOnlyCollection<TItem> skip)
    {
        var pending = db.Set<TItem>().AsNoTracking().Where(i => i.ProcessedAt == null);
        if (skip.Count > 0)
        {
            pending = pending.Where(Predicates.Not(IsAnyOf(skip)));
        }

        return InArrivalOrder(pending).Take(max);
    }

    /// <summary>
    /// The most outcomes written in one transaction. The worker may have a few times its lanes' items waiting for their
    /// outcomes (its lanes go on meanwhile); the bound keeps the statement's list of rows short.
    /// </summary>
    public const int MaxOutcomesPerCommit = 64;

    /// <summary>
    /// Handled, or given up on or set aside with <paramref name="error"/>. Written in a group commit with the outcomes of
    /// items other chats finish at the same time (one UPDATE per kind of outcome, one transaction), and returns once
    /// committed; when it throws, the row is still pending. Cancelling stops only the wait.
    /// </summary>
    public Task CompleteAsync(TItem item, int attempts, string? error, CancellationToken ct) =>
        RecordAsync(new Outcome(item, Done: true, attempts, InboxErrors.Truncate(error)), ct);

    /// <summary>A failed attempt that will be retried (group-committed like <see cref="CompleteAsync"/>).</summary>
    public Task RecordFailureAsync(TItem item, int attempts, string error, CancellationToken ct) =>
        RecordAsync(new Outcome(item, Done: false, attempts, InboxErrors.Truncate(error)), ct);

    private Task RecordAsync(Outcome outcome, CancellationToken ct) =>
        LazyInitializer.EnsureInitialized(ref _outcomes, () => new(WriteOutcomesAsync, MaxOutcomesPerCommit)).SubmitAsync(outcome, ct);

    /// <summary>
    /// Several items' outcomes: one UPDATE per (done, attempts, error), matching exactly those items' rows by their
    /// <see cref="UniqueKey"/>, sent together and in one transaction (none when there is a single UPDATE), behind the
    /// gate like every other write: chats are handled side by side, and an ungated write on SQLite would meet the gated
    /// ones as SQLITE_BUSY and sleep in the driver's retry loop. Raw SQL (<see cref="RowKey{T}"/>): the LINQ form, an
    /// expression per row, cost the busy SQLite writer more than its INSERTs.
    /// </summary>
    private Task<IReadOnlyList<bool>> WriteOutcomesAsync(IReadOnlyList<Outcome> outcomes, CancellationToken ct) =>
        _outcomeContext.RunAsync(db => WriteOutcomesAsync(db, outcomes, ct), ct);

    private async Task<IReadOnlyList<bool>> WriteOutcomesAsync(HumasDbContext db, IReadOnlyList<Outcome> outcomes, CancellationToken ct)
    {
        using var gate = await sqliteWriter.EnterAsync(db, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var key = RowKeyOf(db);
        var batch = new RawSqlBatch(db);
        var kinds = outcomes.GroupBy(o => (o.Done, o.Attempts, o.Error)).ToList();
        foreach (var kind in kinds)
        {
            var (done, attempts, error) = kind.Key;
            batch.Write($"""
                UPDATE {key.Table} SET {(done ? $"\"ProcessedAt\" = {batch.P(now)}, " : "")}"Attempts" = {batch.P(attempts)}, "LastError" = {(error is null ? "NULL" : batch.P(error))}
                WHERE {key.Matching(batch, kind.Select(o => o.Item))};
                """);
        }

        if (kinds.Count == 1)
        {
            await batch.ExecuteAsync(static (_, _) => { }, ct);
        }
        else
        {
            await db.InTransactionAsync(() => batch.ExecuteAsync(static (_, _) => { }, ct), ct);
        }

        return [.. outcomes.Select(_ => true)];
    }

    /// <summary>Waits until something is stored (here, or by another instance: <see cref="Wake"/>) or <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, time, ct);

    /// <summary>
    /// Stores <paramref name="rows"/> (made with <see cref="Arrived"/>) in a group commit with whatever other requests
    /// are storing at the same time (<see cref="WriteBatchAsync"/>); returns how many were new once they are
    /// committed, so the caller may acknowledge the platform.
    /// </summary>
    protected Task<int> StoreAsync(IReadOnlyList<TItem> rows, CancellationToken ct) =>
        rows.Count == 0
            ? Task.FromResult(0)
            : LazyInitializer.EnsureInitialized(ref _commits, () => new(WriteBatchAsync)).SubmitAsync(rows, ct);

    /// <summary>
    /// Writes several requests' rows in one statement, skipping rows already stored (a redelivery, or the same update
    /// stored by another instance at the same moment); returns how many of each request's rows were new, and wakes the
    /// worker when there were any (this process's, and on PostgreSQL every instance's through <see cref="ClusterNotice"/>).
    /// Throws when the rows are not all durable.
    /// </summary>
    private Task<IReadOnlyList<int>> WriteBatchAsync(IReadOnlyList<IReadOnlyList<TItem>> requests, CancellationToken ct) =>
        _commitContext.RunAsync(db => WriteBatchAsync(db, requests, ct), ct);

    private async Task<IReadOnlyList<int>> WriteBatchAsync(HumasDbContext db, IReadOnlyList<IReadOnlyList<TItem>> requests, CancellationToken ct)
    {
        var requestOf = new Dictionary<TItem, int>(ReferenceEqualityComparer.Instance);
        for (var r = 0; r < requests.Count; r++)
        {
            foreach (var item in requests[r])
            {
                requestOf.TryAdd(item, r);
            }
        }

        // Ahead of the other writes: every request in the batch holds a platform's webhook call open until it commits.
        // The group commit's one writer enters once per batch, so the writes in turn are never shut out.
        using var gate = await sqliteWriter.EnterAheadAsync(db, ct);
        var added = new int[requests.Count];
        // On PostgreSQL the leader's worker may be in another instance: the commit notifies it (in the insert's round
        // trip, so it costs no round trip and no commit of its own; also when every row was stored already, which only
        // costs the leader a look).
        var rows = await MultiRowInsert.InsertNewAsync(db, [.. requestOf.Keys], RowKeyOf(db), ct, ClusterNotice.Statement(db, ClusterTopic.Inbox));
        foreach (var item in rows)
        {
            added[requestOf[item]]++;
        }

        if (added.Any(n => n > 0))
        {
            Wake();
        }

        return added;
    }

    /// <summary>
    /// The properties of the row's unique key (integers or text), which a redelivery shares with it: a row whose key is
    /// stored already is not stored again, and outcomes find their rows by it.
    /// </summary>
    protected abstract IReadOnlyList<string> UniqueKey { get; }

    /// <summary>
    /// <see cref="UniqueKey"/> read from the model once, not in every commit: every context of the factory has the same
    /// model and quoting (two commits racing to make it make equal ones).
    /// </summary>
    private RowKey<TItem> RowKeyOf(HumasDbContext db) => _rowKey ??= new RowKey<TItem>(db, UniqueKey);

    /// <summary>
    /// Fills in what every row records on arrival: the time, and the current span's traceparent (the webhook
    /// request's, so call it in the request, not in the batch write), so handling the row continues that trace.
    /// </summary>
    protected TItem Arrived(TItem item, DateTime now)
    {
        item.ReceivedAt = now;
        item.TraceParent = Host.TraceParent.Current();
        return item;
    }

    /// <summary>
    /// Ends the worker's idle wait: called after new rows are committed here, and when another instance committed some
    /// (<see cref="ClusterWakeListener"/>).
    /// </summary>
    public void Wake() => _signal.Wake();

    private sealed class Signal : WorkSignal;

    /// <summary>An item's outcome waiting for its group commit: done (handled, given up, set aside) or a failed attempt.</summary>
    private sealed record Outcome(TItem Item, bool Done, int Attempts, string? Error);
}
