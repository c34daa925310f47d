using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Humas.Bot.Delivery.Dispatch;

/// <summary>
/// Leases due deliveries, sends them in parallel through their channel's gateway (shared limits, priorities) and
/// records each result as soon as it is back: whatever results have arrived while the previous commit ran are
/// written together in the next one (group commit), by a loop of its own, so a lease in progress does not hold
/// results back. In the continuous mode the service runs, the next rows are leased while earlier ones are still in
/// flight, so sending never waits for the database. At most
/// <see cref="DeliveryOptions.Concurrency"/> rows are leased and unrecorded at once, which bounds what a crash can
/// send twice; what it actually sends twice is only what was on the wire or awaiting its commit at the kill
/// (rate × round trip, plus one commit's worth), because rows still waiting for a rate-limit slot were never sent.
/// </summary>
public sealed partial class DeliveryDispatcher(
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    IChannelGateway gateway,
    MessageComposer composer,
    RetryPolicy retry,
    DeliveryMetrics metrics,
    DeliveryTracing tracing,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryDispatcher> log,
    ChatMoveStore? chatMoves = null)
{
    private static readonly TimeSpan MissingChannelDelay = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DepthRefresh = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The continuous mode's window before any result has come back: a broadcast's first lease, and all of it at 30/s,
    /// where more leased at once would only wait for their rate slots.
    /// </summary>
    private const int FirstWindow = 64;

    /// <summary>
    /// The most rows one statement leases: the room the window has when the lease starts. Leases run one after another,
    /// so at thousands of sends a second one of 64 rows at a time was what the sends waited for (the window's room
    /// grew while it ran, and the next lease took 64 of it again); leasing the room in one statement halves the
    /// statements per row and keeps the window full. The window itself still bounds what is leased and unrecorded.
    /// </summary>
    private const int LeaseBatch = 256;

    /// <summary>
    /// The continuous mode keeps leased about this many seconds of sends at the measured completion rate (plus
    /// <see cref="MinWindow"/>): a full second keeps every limiter's queue busy, while staying well inside
    /// <see cref="DeliveryOptions.MaxRateWaitMilliseconds"/> so rows are not leased only to wait too long and go back.
    /// </summary>
    private const double WindowSeconds = 1.0;

    private const int MinWindow = 16;

    /// <summary>How often a lease also looks for expired leases (see <see cref="DeliveryOutbox.LeaseAsync"/>).</summary>
    private static readonly TimeSpan ExpiredLeaseLook = TimeSpan.FromSeconds(1);

    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}"[..^24];
    private long _pass;
    private long _expiredLookedAtTicks = DateTime.MinValue.Ticks;

    /// <summary>One leased row, the conversation it was sent to, and how its send ended.</summary>
    private sealed record Result(DeliveryRecord Row, string Owner, DispatchOutcome Outcome, ConversationAddress To);

    /// <summary>Runs one pass (one lease of up to Concurrency rows, all sent and recorded); returns how many it leased (0 = nothing was due).</summary>
    public Task<int> RunOnceAsync(CancellationToken ct) => RunAsync(continuous: false, ct);

    /// <summary>
    /// Leases, sends and records until nothing is due and nothing is in flight, topping the window up as results come
    /// back; returns how many rows it leased. Stops leasing when <paramref name="ct"/> is cancelled, but finishes and
    /// records what is in flight.
    /// </summary>
    public Task<int> RunContinuouslyAsync(CancellationToken ct) => RunAsync(continuous: true, ct);

    private async Task<int> RunAsync(bool continuous, CancellationToken ct)
    {
        var o = options.Value;
        // Once leased, a row's send runs to the end and its result is recorded even when the host is stopping (the
        // waits for results and commits take no token): abandoning a send in flight would leave it unrecorded, to be
        // sent again after the lease expires.
        var results = Channel.CreateUnbounded<Result>(new UnboundedChannelOptions { SingleReader = true });
        var recorded = Channel.CreateUnbounded<Recorded>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        // Results are recorded by their own loop, so a lease in progress never holds answered sends back from their
        // commit: what a crash sends twice is then what was on the wire plus about one commit's worth.
        var recorder = RecordAsTheyComeAsync(results.Reader, recorded.Writer);
        var outstanding = 0;
        var leasedTotal = 0;
        var mayBeMore = true;
        Exception? failure = null;
        var window = continuous ? Math.Min(o.Concurrency, FirstWindow) : o.Concurrency;
        var rate = new CompletionRate(time);
        var lastDepth = time.GetUtcNow();
        try
        {
            while (true)
            {
                // Top the window up while there is room for a useful batch; a single pass leases once.
                var room = window - outstanding;
                if (failure is null && mayBeMore && !ct.IsCancellationRequested
                    && (continuous ? room >= Math.Max(1, Math.Min(FirstWindow, window / 4)) || outstanding == 0 : leasedTotal == 0))
                {
                    var ask = continuous ? Math.Min(room, LeaseBatch) : room;
                    int started;
                    try
                    {
                        started = await LeaseAndStartAsync(ask, results.Writer, ct);
                    }
                    catch (Exception e) when (outstanding > 0)
                    {
                        // Stopping, or the database failing: lease nothing more, but record what is in flight first.
                        failure = e is OperationCanceledException && ct.IsCancellationRequested ? null : e;
                        mayBeMore = false;
                        started = 0;
                    }

                    outstanding += started;
                    leasedTotal += started;
                    mayBeMore = mayBeMore && continuous && started == ask;
                    continue;
                }

                if (outstanding == 0)
                {
                    break;
                }

                // Wait for at least one commit, then count every one that has ended since.
                var done = await recorded.Reader.ReadAsync(CancellationToken.None);
                var count = done.Count;
                failure ??= done.Failure;
                while (recorded.Reader.TryRead(out var more))
                {
                    count += more.Count;
                    failure ??= more.Failure;
                }

                outstanding -= count;
                if (continuous)
                {
                    // As many leased as a second of sends at the rate results come back: enough in flight for a far
                    // platform at a high limit, few enough at 30/s that leased rows do not wait out their rate wait.
                    if (rate.Add(count) is { } perSecond)
                    {
                        window = Math.Clamp((int)Math.Ceiling(perSecond * WindowSeconds) + MinWindow, MinWindow, o.Concurrency);
                    }

                    if (time.GetUtcNow() - lastDepth > DepthRefresh)
                    {
                        lastDepth = time.GetUtcNow();
                        await RefreshQueueDepthQuietlyAsync();
                    }
                }
            }
        }
        finally
        {
            // Only reached with nothing in flight: every send has written its result, and the recorder drains the rest.
            results.Writer.Complete();
            await recorder;
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return leasedTotal;
    }

    /// <summary>How many results one commit covered, and what went wrong when it failed.</summary>
    private readonly record struct Recorded(int Count, Exception? Failure);

    /// <summary>
    /// Records results as they arrive until <paramref name="results"/> is completed: whatever has arrived while the
    /// previous commit ran is written together in the next one. A failed commit leaves its rows leased (they are sent
    /// again once the lease expires) and is reported, so the run leases nothing more and fails once the rest is in.
    /// </summary>
    private async Task RecordAsTheyComeAsync(ChannelReader<Result> results, ChannelWriter<Recorded> recorded)
    {
        var batch = new List<Result>();
        // One context for the run's commits (they track nothing): at thousands of results a second, each commit
        // covers only a few, and a context per commit was a measurable share of their cost.
        HumasDbContext? db = null;
        try
        {
            while (await results.WaitToReadAsync(CancellationToken.None))
            {
                batch.Clear();
                while (results.TryRead(out var result))
                {
                    batch.Add(result);
                }

                Exception? failure = null;
                try
                {
                    db ??= await factory.CreateDbContextAsync(CancellationToken.None);
                    await RecordAsync(db, batch, CancellationToken.None);
                }
                catch (Exception e)
                {
                    failure = e;
                    // The next commit starts from a fresh context, whatever state this failure left behind.
                    await DisposeQuietlyAsync(db);
                    db = null;
                }

                if (failure is null)
                {
                    await RecordMovesAsync(batch);
                }

                recorded.TryWrite(new Recorded(batch.Count, failure));
            }
        }
        finally
        {
            await DisposeQuietlyAsync(db);
        }
    }

    /// <summary>
    /// A send refused because the chat moved (its conversation already follows it) is a move like the platform's own
    /// message about it: recorded, so a configured or stored id of the old chat (an editors' group) sends the next
    /// notice to the new one instead of failing there again. A failure here is logged: the results are recorded.
    /// </summary>
    private async Task RecordMovesAsync(List<Result> batch)
    {
        // Absent only from a host without conversations (the click benchmark's).
        if (chatMoves is null)
        {
            return;
        }

        foreach (var (to, movedTo) in batch
            .Where(r => r.Outcome is DispatchOutcome.Moved)
            .Select(r => (r.To, ((DispatchOutcome.Moved)r.Outcome).NewExternalId))
            .Distinct())
        {
            try
            {
                await chatMoves.RecordAsync(to, movedTo, CancellationToken.None);
            }
            catch (Exception e)
            {
                LogMoveNotRecorded(e, to.Channel, to.ExternalId, movedTo);
            }
        }
    }

    private static async ValueTask DisposeQuietlyAsync(HumasDbContext? db)
    {
        try
        {
            if (db is not null)
            {
                await db.DisposeAsync();
            }
        }
        catch (Exception)
        {
            // Nothing of it is needed any more.
        }
    }

    /// <summary>Leases up to <paramref name="max"/> due rows and starts their sends; each result goes to <paramref name="results"/>.</summary>
    private async Task<int> LeaseAndStartAsync(int max, ChannelWriter<Result> results, CancellationToken ct)
    {
        var o = options.Value;
        var owner = $"{_instance}#{Interlocked.Increment(ref _pass)}";
        if (owner.Length > 64)
        {
            owner = owner[^64..];
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var leasedAt = Now;
        // Leases and result commits run side by side; on SQLite their writes take turns at the gate instead of
        // meeting in the file's write lock, where the loser would sleep in the driver's busy retry.
        var leased = await DeliveryOutbox.LeaseAsync(
            db, sqliteWriter, owner, leasedAt, TimeSpan.FromSeconds(o.LeaseSeconds), max, expired: TimeToLookForExpired(leasedAt), ct);
        if (leased.Count == 0)
        {
            return 0;
        }

        // No send starts in the second half of the lease: a send that began later could still be in flight when
        // the lease expires and another instance takes the row, and then both would send it.
        var sendBy = leasedAt + TimeSpan.FromSeconds(o.LeaseSeconds / 2.0);
        // Leased rows are sent whatever happens from here on (see RunAsync), so the loads do not take ct either.
        var finish = CancellationToken.None;
        var rows = await LoadLeasedAsync(db, leased, finish);
        var articles = await composer.LoadArticlesAsync(
            db, rows.Where(r => r.Delivery.ArticleId != null).Select(r => r.Delivery.ArticleId!.Value).Distinct().ToList(), finish);
        foreach (var row in rows)
        {
            _ = Task.Run(async () =>
            {
                DispatchOutcome outcome;
                try
                {
                    outcome = await DispatchAsync(row.Delivery, row.Conversation, articles, sendBy, finish);
                }
                catch (Exception e)
                {
                    // A defect in preparing one message must not cost the record of the others' sends.
                    LogNotDispatched(e, row.Delivery.Id);
                    outcome = new DispatchOutcome.Deferred(Now + TimeSpan.FromMinutes(1), $"internal error: {e.Message}");
                }

                results.TryWrite(new Result(row.Delivery, owner, outcome, row.Conversation.Address));
            }, finish);
        }

        return rows.Count;
    }

    /// <summary>
    /// True about once every <see cref="ExpiredLeaseLook"/>; the lease that gets true looks for expired leases too.
    /// </summary>
    private bool TimeToLookForExpired(DateTime now)
    {
        var last = Interlocked.Read(ref _expiredLookedAtTicks);
        return now.Ticks - last >= ExpiredLeaseLook.Ticks
            && Interlocked.CompareExchange(ref _expiredLookedAtTicks, now.Ticks, last) == last;
    }

    /// <summary>PostgreSQL's load of conversations by id (see <see cref="LoadLeasedAsync"/>).</summary>
    internal const string PostgresConversationsByIds = """
        SELECT c.* FROM unnest({0}) AS k("Id")
        CROSS JOIN LATERAL (SELECT * FROM "Conversations" WHERE "Id" = k."Id" OFFSET 0) AS c
        """;

    /// <summary>
    /// The leased rows and their conversations, each found by primary key. Each list is one parameter (a JSON array on
    /// SQLite, an array on PostgreSQL), not one per id: SQLite's driver finds each parameter's place by name in a list,
    /// tens of thousands of comparisons for 256 ids. On PostgreSQL each conversation is looked up on its own, in a
    /// lateral subquery the planner may not merge into a join (<c>OFFSET 0</c>): as a join, or as <c>"Id" = ANY (…)</c>,
    /// the plan followed the table's statistics, and with a broadcast's subscribers added since they were taken it read
    /// the whole table for each lease (25,000 rows, 2.5-5 ms).
    /// </summary>
    private static async Task<List<(DeliveryRecord Delivery, Conversation Conversation)>> LoadLeasedAsync(
        HumasDbContext db, List<long> leased, CancellationToken ct)
    {
        var deliveries = await db.Set<DeliveryRecord>().AsNoTracking().Where(d => EF.Parameter(leased).Contains(d.Id)).ToListAsync(ct);
        var conversationIds = deliveries.Select(d => d.ConversationId).Distinct().ToArray();
        var chosen = db.Database.IsNpgsql()
            ? db.Set<Conversation>().FromSqlRaw(PostgresConversationsByIds, conversationIds)
            : db.Set<Conversation>().Where(c => EF.Parameter(conversationIds).Contains(c.Id));
        var conversations = await chosen.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        return [.. deliveries.Where(d => conversations.ContainsKey(d.ConversationId)).Select(d => (d, conversations[d.ConversationId]))];
    }

    /// <summary>
    /// Records one group of results. Sends are recorded first and on their own: whatever goes wrong with a rarer
    /// outcome (a move, a deactivation) must not roll back the record of messages that already reached the platform.
    /// </summary>
    private async Task RecordAsync(HumasDbContext db, List<Result> batch, CancellationToken ct)
    {
        var now = Now;
        var sent = batch.Where(r => r.Outcome is DispatchOutcome.Sent).Select(r => (r.Row.Id, r.Owner, (DispatchOutcome.Sent)r.Outcome)).ToList();
        if (sent.Count > 0)
        {
            using var gate = await sqliteWriter.EnterAsync(db, ct);
            if (db.Database.IsNpgsql())
            {
                // One statement over arrays, atomic on its own: no transaction around it, which would add its BEGIN
                // and COMMIT to every commit, and commits are small and frequent when results come back one by one.
                await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                {
                    await db.Database.OpenConnectionAsync(ct);
                    try
                    {
                        await DeliveryOutbox.MarkSentAsync(db, sent, now, ct);
                    }
                    finally
                    {
                        await db.Database.CloseConnectionAsync();
                    }
                });
            }
            else
            {
                await db.InTransactionAsync(async () =>
                {
                    await DeliveryOutbox.MarkSentAsync(db, sent, now, ct);
                    return 0;
                }, ct);
            }
        }

        if (batch.Any(r => r.Outcome is not DispatchOutcome.Sent))
        {
            using var gate = await sqliteWriter.EnterAsync(db, ct);
            await db.InTransactionAsync(async () =>
            {
                foreach (var r in batch)
                {
                    if (r.Outcome is not DispatchOutcome.Sent)
                    {
                        await DeliveryOutbox.ApplyAsync(db, r.Row, r.Owner, r.Outcome, now, ct);
                    }
                }

                return 0;
            }, ct);
        }
    }

    /// <summary>The gauge is worth a log line when it fails, not the sends in flight.</summary>
    private async Task RefreshQueueDepthQuietlyAsync()
    {
        try
        {
            await RefreshQueueDepthAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogDepthNotCounted(e);
        }
    }

    /// <summary>Counts the backlog for the queue-depth gauge.</summary>
    public async Task RefreshQueueDepthAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        metrics.QueueDepth(await DeliveryOutbox.QueueDepthAsync(db, ct));
    }

    private async Task<DispatchOutcome> DispatchAsync(
        DeliveryRecord row, Conversation conversation, Dictionary<Guid, MessageComposer.ArticleContent> articles, DateTime sendBy, CancellationToken ct)
    {
        using var scope = log.BeginScope(new Dictionary<string, object?>
        {
            ["DeliveryId"] = row.Id,
            ["ArticleId"] = row.ArticleId,
            ["ConversationId"] = conversation.Id,
        });
        // The child of the span that wrote the row: the article's fan-out (and so its ingestion), or a notice's change.
        using var span = tracing.StartSend(row.Id, row.ArticleId, conversation.Channel, row.TraceParent);
        var outcome = await DispatchRowAsync(row, conversation, articles, sendBy, ct);
        DeliveryTracing.Outcome(span, outcome.GetType().Name, outcome is DispatchOutcome.GaveUp g ? g.Reason : null);
        return outcome;
    }

    private async Task<DispatchOutcome> DispatchRowAsync(
        DeliveryRecord row, Conversation conversation, Dictionary<Guid, MessageComposer.ArticleContent> articles, DateTime sendBy, CancellationToken ct)
    {
        // A notice (a tip's status) still reaches a reader who unsubscribed from the news; a blocked bot reaches no one.
        if (conversation.Status != ConversationStatus.Active && !(row.Kind == DeliveryKind.Notice && conversation.Status == ConversationStatus.Left))
        {
            return new DispatchOutcome.Skipped($"conversation is {conversation.Status}");
        }

        var channel = gateway.Channel(conversation.Channel);
        if (channel is null)
        {
            // The channel is switched off in this process (no token): keep the row, look again later.
            return new DispatchOutcome.Deferred(Now + MissingChannelDelay, $"channel {conversation.Channel} is not configured");
        }

        OutboundMessage message;
        var revision = 0;
        if (row.Kind == DeliveryKind.Digest)
        {
            message = MessageComposer.DeserializeDigest(row.Payload ?? "");
        }
        else if (row.Kind == DeliveryKind.Notice)
        {
            message = MessageComposer.DeserializeNotice(row.Payload ?? "");
        }
        else if (row.ArticleId is { } articleId && articles.TryGetValue(articleId, out var article))
        {
            message = await composer.ArticleAsync(article, conversation.Language, conversation.Channel, ct);
            revision = article.Revision;
        }
        else
        {
            return new DispatchOutcome.Skipped("article no longer exists");
        }

        // No send starts in the second half of the lease (see RunOnceAsync): a late pass hands the row back.
        var result = await gateway.TrySendAsync(
            conversation.Address, message, ((DeliveryPriority)row.Priority).ToSend(), TimeSpan.FromMilliseconds(options.Value.MaxRateWaitMilliseconds), sendBy, ct);
        return result switch
        {
            GatewayResult.Done done => new DispatchOutcome.Sent(done.Message?.MessageId ?? "", revision),
            GatewayResult.Later later => new DispatchOutcome.Deferred(Now + later.Wait, null),
            GatewayResult.Failed failed => Classify(channel, row, failed.Failure, failed.Error),
            _ => new DispatchOutcome.Deferred(Now + MissingChannelDelay, $"channel {conversation.Channel} is not configured"),
        };
    }

    /// <summary>What a failure means for the row (the gateway has already paused the limiter for a 429).</summary>
    private DispatchOutcome Classify(IDeliveryChannel channel, DeliveryRecord row, DeliveryFailure failure, Exception? error)
    {
        switch (failure)
        {
            case DeliveryFailure.RetryAfter r:
                return new DispatchOutcome.Deferred(Now + r.Delay, $"rate limited ({r.Scope}) for {r.Delay.TotalSeconds:0.#}s: {r.Reason}");
            case DeliveryFailure.Transient t:
                var attempts = row.Attempts + 1;
                if (attempts >= retry.MaxAttempts)
                {
                    metrics.GaveUp(channel.Name);
                    LogGaveUp(error, attempts, t.Reason);
                    return new DispatchOutcome.GaveUp($"gave up after {attempts} attempts: {t.Reason}");
                }

                return new DispatchOutcome.Retry(Now + retry.Backoff(attempts), $"attempt {attempts} failed: {t.Reason}");
            case DeliveryFailure.RecipientGone { MovedToExternalId: { } movedTo } g:
                LogMoved(movedTo, g.Reason);
                return new DispatchOutcome.Moved(movedTo, g.Reason);
            case DeliveryFailure.RecipientGone g:
                LogRecipientGone(g.Reason);
                return new DispatchOutcome.Gone(g.Reason);
            case DeliveryFailure.MessageInvalid m:
                metrics.GaveUp(channel.Name);
                LogRejected(error, m.Reason);
                return new DispatchOutcome.GaveUp($"message rejected: {m.Reason}");
            default:
                throw new InvalidOperationException($"Unknown failure {failure}");
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId} could not be dispatched")]
    private partial void LogNotDispatched(Exception error, long deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The delivery queue's depth could not be counted")]
    private partial void LogDepthNotCounted(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up after {Attempts} attempts: {Reason}")]
    private partial void LogGaveUp(Exception? error, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation moved to {NewExternalId}: {Reason}")]
    private partial void LogMoved(string newExternalId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The move of {Channel} chat {OldId} to {NewId} could not be recorded")]
    private partial void LogMoveNotRecorded(Exception e, string channel, string oldId, string newId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recipient gone: {Reason}")]
    private partial void LogRecipientGone(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message rejected by the platform: {Reason}")]
    private partial void LogRejected(Exception? error, string reason);
}
