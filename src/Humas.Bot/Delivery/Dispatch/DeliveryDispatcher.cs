using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Delivery.Dispatch;

/// <summary>
/// One dispatch pass: lease up to Concurrency due deliveries, send them in parallel through their channel's
/// gateway (shared limits, priorities), record every result in one transaction. At most one pass's leases are ever in
/// flight, which bounds the deliveries a crash can send twice to the concurrency limit.
/// </summary>
public sealed class DeliveryDispatcher(
    IDbContextFactory<HumasDbContext> factory,
    IChannelGateway gateway,
    MessageComposer composer,
    RetryPolicy retry,
    DeliveryMetrics metrics,
    DeliveryTracing tracing,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryDispatcher> log)
{
    private static readonly TimeSpan MissingChannelDelay = TimeSpan.FromMinutes(5);
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}"[..^24];
    private long _pass;

    /// <summary>Runs one pass; returns how many deliveries it leased (0 = nothing was due).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var owner = $"{_instance}#{Interlocked.Increment(ref _pass)}";
        if (owner.Length > 64)
        {
            owner = owner[^64..];
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var leasedAt = Now;
        var leased = await DeliveryOutbox.LeaseAsync(db, owner, leasedAt, TimeSpan.FromSeconds(o.LeaseSeconds), o.Concurrency, ct);
        // No send starts in the second half of the lease: a send that began later could still be in flight when
        // the lease expires and another instance takes the row, and then both would send it.
        var sendBy = leasedAt + TimeSpan.FromSeconds(o.LeaseSeconds / 2.0);
        if (leased.Count == 0)
        {
            return 0;
        }

        var rows = await (
            from d in db.Set<DeliveryRecord>().AsNoTracking()
            join c in db.Set<Conversation>().AsNoTracking() on d.ConversationId equals c.Id
            where leased.Contains(d.Id)
            select new { Delivery = d, Conversation = c }).ToListAsync(ct);
        var articles = await composer.LoadArticlesAsync(
            db, rows.Where(r => r.Delivery.ArticleId != null).Select(r => r.Delivery.ArticleId!.Value).Distinct().ToList(), ct);

        // Once leased, a pass runs to the end even when the host is stopping: abandoning sends that are in
        // flight would leave them unrecorded, to be sent again after the lease expires.
        var finish = CancellationToken.None;
        var outcomes = new DispatchOutcome[rows.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, rows.Count),
            new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency },
            async (i, _) =>
            {
                try
                {
                    outcomes[i] = await DispatchAsync(rows[i].Delivery, rows[i].Conversation, articles, sendBy, finish);
                }
                catch (Exception e)
                {
                    // A defect in preparing one message must not cost the record of the others' sends.
                    log.LogError(e, "Delivery {DeliveryId} could not be dispatched", rows[i].Delivery.Id);
                    outcomes[i] = new DispatchOutcome.Deferred(Now + TimeSpan.FromMinutes(1), $"internal error: {e.Message}");
                }
            });

        // Sends are recorded first and on their own: whatever goes wrong with a rarer outcome (a move, a
        // deactivation) must not roll back the record of messages that already reached the platform.
        var now = Now;
        await db.InTransactionAsync(async () =>
        {
            await using var markSent = DeliveryOutbox.PrepareMarkSent(db, owner, now);
            for (var i = 0; i < rows.Count; i++)
            {
                if (outcomes[i] is DispatchOutcome.Sent sent)
                {
                    await markSent.RunAsync(rows[i].Delivery.Id, sent, finish);
                }
            }

            return 0;
        }, finish);
        if (outcomes.Any(o => o is not DispatchOutcome.Sent))
        {
            await db.InTransactionAsync(async () =>
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    if (outcomes[i] is not DispatchOutcome.Sent)
                    {
                        await DeliveryOutbox.ApplyAsync(db, rows[i].Delivery, owner, outcomes[i], now, finish);
                    }
                }

                return 0;
            }, finish);
        }

        return rows.Count;
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
                    log.LogWarning(error, "Gave up after {Attempts} attempts: {Reason}", attempts, t.Reason);
                    return new DispatchOutcome.GaveUp($"gave up after {attempts} attempts: {t.Reason}");
                }

                return new DispatchOutcome.Retry(Now + retry.Backoff(attempts), $"attempt {attempts} failed: {t.Reason}");
            case DeliveryFailure.RecipientGone { MovedToExternalId: { } movedTo } g:
                log.LogInformation("Conversation moved to {NewExternalId}: {Reason}", movedTo, g.Reason);
                return new DispatchOutcome.Moved(movedTo, g.Reason);
            case DeliveryFailure.RecipientGone g:
                log.LogInformation("Recipient gone: {Reason}", g.Reason);
                return new DispatchOutcome.Gone(g.Reason);
            case DeliveryFailure.MessageInvalid m:
                metrics.GaveUp(channel.Name);
                log.LogWarning(error, "Message rejected by the platform: {Reason}", m.Reason);
                return new DispatchOutcome.GaveUp($"message rejected: {m.Reason}");
            default:
                throw new InvalidOperationException($"Unknown failure {failure}");
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
