using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Delivery.Operations;

/// <summary>Counts of one recall or correction: done, failed (reason in the row's LastError), not applicable.</summary>
public sealed record OperationSummary(int Cancelled, int Done, int Failed, int Skipped)
{
    /// <summary>Of <see cref="Failed"/>, the ones worth another run (transient errors, rate limits); the rest the platform refused for good.</summary>
    public int Retryable { get; init; }
}

/// <summary>
/// Cancel, recall and correct an article's broadcast. Recall and correct work in chunks of sent rows and
/// record each row's result, so running them again continues where a stopped run left off.
/// </summary>
public sealed class DeliveryOperations(
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    IChannelGateway gateway,
    MessageComposer composer,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryOperations> log)
{
    private const int Chunk = 500;

    /// <summary>Pending and retrying deliveries become cancelled; ones already leased finish their send.</summary>
    public async Task<int> CancelAsync(Guid articleId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        using var gate = await sqliteWriter.EnterAsync(db, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var cancelled = await db.Set<DeliveryRecord>()
            .Where(d => d.ArticleId == articleId && (d.State == DeliveryState.Pending || d.State == DeliveryState.Retrying))
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.State, DeliveryState.Cancelled)
                .SetProperty(d => d.LastError, "cancelled by operator")
                .SetProperty(d => d.UpdatedAt, now), ct);
        log.LogInformation("Cancelled {Count} deliveries of article {ArticleId}", cancelled, articleId);
        return cancelled;
    }

    /// <summary>Cancels what is queued, then deletes every sent message from its platform.</summary>
    /// <param name="progress">Called after each chunk with the counts so far (a durable job records them).</param>
    public async Task<OperationSummary> RecallAsync(Guid articleId, CancellationToken ct, Func<OperationSummary, Task>? progress = null)
    {
        var cancelled = await CancelAsync(articleId, ct);
        var summary = await ForEachSentAsync(articleId, "recall", _ => true,
            (address, row, token) => gateway.DeleteAsync(address.Address, row.MessageId!, SendPriority.Recall, token),
            (u, now) => u.SetProperty(d => d.State, DeliveryState.Recalled).SetProperty(d => d.UpdatedAt, now), ct,
            progress: progress, cancelled: cancelled);
        log.LogInformation("Recalled article {ArticleId}: {Done} deleted, {Failed} failed", articleId, summary.Done, summary.Failed);
        return summary;
    }

    /// <summary>Edits every sent message that shows an older revision of the article into the current one.</summary>
    /// <param name="progress">Called after each chunk with the counts so far (a durable job records them).</param>
    public async Task<OperationSummary> CorrectAsync(Guid articleId, CancellationToken ct, Func<OperationSummary, Task>? progress = null)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var article = (await composer.LoadArticlesAsync(db, [articleId], ct)).GetValueOrDefault(articleId)
            ?? throw new KeyNotFoundException($"Article {articleId} does not exist.");
        var summary = await ForEachSentAsync(articleId, "correction", row => row.SentRevision < article.Revision,
            async (address, row, token) =>
                await gateway.EditAsync(
                    address.Address, row.MessageId!, await composer.ArticleAsync(article, address.Language, address.Address.Channel, token), SendPriority.Correction, token),
            (u, now) => u.SetProperty(d => d.SentRevision, article.Revision).SetProperty(d => d.UpdatedAt, now), ct, progress: progress);
        log.LogInformation("Corrected article {ArticleId} to revision {Revision}: {Done} edited, {Failed} failed", articleId, article.Revision, summary.Done, summary.Failed);
        return summary;
    }

    /// <summary>
    /// Edits every sent message of the article to show the current reaction counters (Feedback's coalesced
    /// refresh), at the lowest priority so new articles go first. The message is composed once per language and channel,
    /// so counts are read once, not per message. A message the platform no longer has, or no longer lets the
    /// bot edit, loses its MessageId (reason in LastError) so later refreshes skip it: a recall or correction
    /// of it would fail the same way.
    /// </summary>
    public async Task<OperationSummary> RefreshCountersAsync(Guid articleId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var article = (await composer.LoadArticlesAsync(db, [articleId], ct)).GetValueOrDefault(articleId);
        if (article is null)
        {
            return new OperationSummary(0, 0, 0, 0);
        }

        var messages = new System.Collections.Concurrent.ConcurrentDictionary<(string Language, string Channel), Lazy<Task<ArticleMessage>>>();
        var summary = await ForEachSentAsync(articleId, "counter refresh", _ => true,
            async (address, row, token) =>
            {
                var message = await messages.GetOrAdd((address.Language, address.Address.Channel),
                    key => new Lazy<Task<ArticleMessage>>(() => composer.ArticleAsync(article, key.Language, key.Channel, token))).Value;
                return await gateway.EditAsync(address.Address, row.MessageId!, message, SendPriority.CounterRefresh, token);
            },
            (u, now) => u.SetProperty(d => d.SentRevision, article.Revision).SetProperty(d => d.UpdatedAt, now), ct,
            dropMessageWhen: f => f is DeliveryFailure.RecipientGone or DeliveryFailure.MessageInvalid);
        log.LogDebug("Refreshed counters of article {ArticleId}: {Done} edited, {Failed} failed", articleId, summary.Done, summary.Failed);
        return summary;
    }

    private sealed record Target(DeliveryRecord Row, Conversation Conversation);

    private async Task<OperationSummary> ForEachSentAsync(
        Guid articleId,
        string verb,
        Func<DeliveryRecord, bool> applies,
        Func<AddressWithLanguage, DeliveryRecord, CancellationToken, Task<GatewayResult>> call,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<DeliveryRecord>, DateTime> onSuccess,
        CancellationToken ct,
        Func<DeliveryFailure, bool>? dropMessageWhen = null,
        Func<OperationSummary, Task>? progress = null,
        int cancelled = 0)
    {
        int done = 0, failed = 0, skipped = 0, retryable = 0;
        OperationSummary Summary() => new(cancelled, done, failed, skipped) { Retryable = retryable };
        long after = 0;
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var chunk = await (
                from d in db.Set<DeliveryRecord>().AsNoTracking()
                join c in db.Set<Conversation>().AsNoTracking() on d.ConversationId equals c.Id
                where d.ArticleId == articleId && d.State == DeliveryState.Sent && d.MessageId != null && d.Id > after
                orderby d.Id
                select new Target(d, c)).Take(Chunk).ToListAsync(ct);
            if (chunk.Count == 0)
            {
                return Summary();
            }

            after = chunk[^1].Row.Id;
            var results = new (long Id, DeliveryFailure? Failure, bool Skip)[chunk.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, chunk.Count),
                new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = ct },
                async (i, token) =>
                {
                    var (row, conversation) = (chunk[i].Row, chunk[i].Conversation);
                    if (!applies(row) || gateway.Channel(conversation.Channel) is null)
                    {
                        results[i] = (row.Id, null, true);
                        return;
                    }

                    var address = new AddressWithLanguage(conversation.Address, conversation.Language);
                    results[i] = await call(address, row, token) switch
                    {
                        GatewayResult.Done => (row.Id, null, false),
                        GatewayResult.Failed f => (row.Id, f.Failure, false),
                        GatewayResult.Later l => (row.Id, new DeliveryFailure.Transient($"rate limit wait of {l.Wait} is too long"), false),
                        _ => (row.Id, null, true),
                    };
                });

            var now = time.GetUtcNow().UtcDateTime;
            // The chunk's results in one transaction behind the SQLite write gate: written a statement at a time
            // outside it, each could meet another writer (votes, the inbox, the dispatcher) in SQLite's lock, and the
            // loser slept in the driver's busy retry for 150 ms, with every write queued at the gate behind it.
            using (await sqliteWriter.EnterAsync(db, ct))
            {
                await db.InTransactionAsync(async () =>
                {
                    foreach (var (id, failure, skip) in results.Where(r => !r.Skip))
                    {
                        var rows = db.Set<DeliveryRecord>().Where(d => d.Id == id);
                        if (failure is null)
                        {
                            await rows.ExecuteUpdateAsync(u => onSuccess(u, now), ct);
                            continue;
                        }

                        var reason = $"{verb} failed: {failure.Reason}";
                        reason = reason.Length > 1000 ? reason[..1000] : reason;
                        if (dropMessageWhen?.Invoke(failure) == true)
                        {
                            await rows.ExecuteUpdateAsync(u => u.SetProperty(d => d.MessageId, (string?)null).SetProperty(d => d.LastError, reason).SetProperty(d => d.UpdatedAt, now), ct);
                        }
                        else
                        {
                            await rows.ExecuteUpdateAsync(u => u.SetProperty(d => d.LastError, reason).SetProperty(d => d.UpdatedAt, now), ct);
                        }
                    }

                    return true;
                }, ct);
            }

            foreach (var (_, failure, skip) in results)
            {
                if (skip)
                {
                    skipped++;
                }
                else if (failure is null)
                {
                    done++;
                }
                else
                {
                    failed++;
                    retryable += failure is DeliveryFailure.Transient or DeliveryFailure.RetryAfter ? 1 : 0;
                }
            }

            if (progress is not null)
            {
                await progress(Summary());
            }
        }
    }
}

/// <summary>A conversation's address with the language its messages are written in.</summary>
public sealed record AddressWithLanguage(ConversationAddress Address, string Language);
