using Humas.Bot.Delivery.Dispatch;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Delivery.Operations;

/// <summary>
/// Claims one due recall or correction job and runs it. A claim is a conditional UPDATE (due and unclaimed, or its
/// lease expired), so of several instances exactly one gets it; the lease is renewed while the job runs, and a
/// worker that loses it (it stalled past the expiry and another took over) stops. A job is resumable
/// (<see cref="DeliveryOperations"/> only touches copies not yet done), so a run cut short by a crash or a restart
/// is simply run again by whichever instance claims it next. Transient failures of some copies make the job run
/// again after the delivery retry policy's backoff, up to <see cref="DeliveryOptions.MaxAttempts"/> runs.
/// </summary>
public sealed partial class ArticleJobRunner(
    IDbContextFactory<HumasDbContext> factory,
    DeliveryOperations operations,
    RetryPolicy retry,
    DeliveryTracing tracing,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<ArticleJobRunner> log)
{
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}"[..^24];
    private long _claims;

    /// <summary>Claims and runs one due job; false when none was due (or another instance took it first).</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        var now = Now;
        var owner = $"{_instance}#{Interlocked.Increment(ref _claims)}";
        owner = owner.Length > 64 ? owner[^64..] : owner;
        await using var db = await factory.CreateDbContextAsync(ct);
        var due = await Due(db.Set<ArticleJob>(), now).OrderBy(j => j.Id).Select(j => j.Id).Take(8).ToListAsync(ct);
        foreach (var id in due)
        {
            var expires = now + Lease;
            var claimed = await Due(db.Set<ArticleJob>().Where(j => j.Id == id), now).ExecuteUpdateAsync(u => u
                .SetProperty(j => j.State, ArticleJobState.Running)
                .SetProperty(j => j.LeaseOwner, owner)
                .SetProperty(j => j.LeaseExpiresAt, expires)
                .SetProperty(j => j.UpdatedAt, now), ct);
            if (claimed == 1)
            {
                var job = await db.Set<ArticleJob>().AsNoTracking().SingleAsync(j => j.Id == id, ct);
                await RunAsync(job, owner, ct);
                return true;
            }
        }

        return false;
    }

    private static IQueryable<ArticleJob> Due(IQueryable<ArticleJob> jobs, DateTime now) =>
        jobs.Where(j => ((j.State == ArticleJobState.Pending || j.State == ArticleJobState.Retrying) && j.NextAttemptAt <= now)
                        || (j.State == ArticleJobState.Running && j.LeaseExpiresAt <= now));

    private async Task RunAsync(ArticleJob job, string owner, CancellationToken stopping)
    {
        using var span = tracing.StartJob(new ArticleJobSpan(job.Id, job.ArticleId, job.Kind.ToString().ToLowerInvariant(), job.Attempts + 1, job.TraceParent));
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var lost = false;
        var heartbeat = RenewWhileRunningAsync(job.Id, owner, () => { lost = true; run.Cancel(); }, run.Token);
        LogStarted(job.Kind, job.ArticleId, job.Id, job.Attempts + 1);
        try
        {
            Task Progress(OperationSummary s) => UpdateMineAsync(job.Id, owner, u => u
                .SetProperty(j => j.Done, job.Done + s.Done)
                .SetProperty(j => j.Failed, s.Failed)
                .SetProperty(j => j.Skipped, s.Skipped)
                .SetProperty(j => j.Cancelled, job.Cancelled + s.Cancelled)
                .SetProperty(j => j.LeaseExpiresAt, Now + Lease)
                .SetProperty(j => j.UpdatedAt, Now), run.Token);

            var summary = job.Kind == ArticleJobKind.Recall
                ? await operations.RecallAsync(job.ArticleId, run.Token, Progress)
                : await operations.CorrectAsync(job.ArticleId, run.Token, Progress);
            await FinishAsync(job, owner, summary);
            DeliveryTracing.Outcome(span, summary.Retryable > 0 ? "retry" : "done");
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            if (!lost)
            {
                // Stopping: hand the job back at once for the next instance (or this one after its restart).
                await ReleaseAsync(job.Id, owner);
            }

            DeliveryTracing.Outcome(span, lost ? "lease lost" : "released");
        }
        catch (Exception e)
        {
            LogRunFailed(e, job.Kind, job.ArticleId, job.Id);
            await FailAsync(job, owner, e.Message);
            DeliveryTracing.Outcome(span, "error", e.Message);
        }
        finally
        {
            await run.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>Renews the lease every third of it; a renewal that finds the job no longer ours calls <paramref name="onLost"/>.</summary>
    private async Task RenewWhileRunningAsync(long id, string owner, Action onLost, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Lease / 3, time, ct);
                if (await UpdateMineAsync(id, owner, u => u.SetProperty(j => j.LeaseExpiresAt, Now + Lease), ct) == 0)
                {
                    LogLeaseLost(id);
                    onLost();
                    return;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Tried again at the next beat: the lease is three beats long.
                LogRenewalFailed(e, id);
            }
        }
    }

    private async Task FinishAsync(ArticleJob job, string owner, OperationSummary summary)
    {
        var now = Now;
        var attempts = job.Attempts + 1;
        var (state, next, error) = summary.Retryable == 0
            ? (ArticleJobState.Done, now, (string?)null)
            : attempts >= retry.MaxAttempts
                ? (ArticleJobState.Failed, now, $"gave up after {attempts} runs: {summary.Failed} copies still failing (reasons on the delivery rows)")
                : (ArticleJobState.Retrying, now + retry.Backoff(attempts), $"run {attempts}: {summary.Retryable} copies failed transiently; retrying");
        await UpdateMineAsync(job.Id, owner, u => u
            .SetProperty(j => j.State, state)
            .SetProperty(j => j.Attempts, attempts)
            .SetProperty(j => j.NextAttemptAt, next)
            .SetProperty(j => j.Done, job.Done + summary.Done)
            .SetProperty(j => j.Failed, summary.Failed)
            .SetProperty(j => j.Skipped, summary.Skipped)
            .SetProperty(j => j.Cancelled, job.Cancelled + summary.Cancelled)
            .SetProperty(j => j.LastError, error)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.FinishedAt, state == ArticleJobState.Retrying ? null : now)
            .SetProperty(j => j.UpdatedAt, now), CancellationToken.None);
        LogFinished(job.Kind, job.ArticleId, state, job.Done + summary.Done, summary.Failed);
    }

    private async Task FailAsync(ArticleJob job, string owner, string reason)
    {
        var now = Now;
        var attempts = job.Attempts + 1;
        var state = attempts >= retry.MaxAttempts ? ArticleJobState.Failed : ArticleJobState.Retrying;
        var error = $"run {attempts} failed: {reason}";
        error = error.Length > 1000 ? error[..1000] : error;
        await UpdateMineAsync(job.Id, owner, u => u
            .SetProperty(j => j.State, state)
            .SetProperty(j => j.Attempts, attempts)
            .SetProperty(j => j.NextAttemptAt, now + retry.Backoff(attempts))
            .SetProperty(j => j.LastError, error)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.FinishedAt, state == ArticleJobState.Failed ? now : null)
            .SetProperty(j => j.UpdatedAt, now), CancellationToken.None);
    }

    private Task<int> ReleaseAsync(long id, string owner) =>
        UpdateMineAsync(id, owner, u => u
            .SetProperty(j => j.State, ArticleJobState.Pending)
            .SetProperty(j => j.NextAttemptAt, Now)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.UpdatedAt, Now), CancellationToken.None);

    /// <summary>Updates the job as long as this worker still holds it (every write is conditional on that); returns 0 when it does not.</summary>
    private async Task<int> UpdateMineAsync(long id, string owner, Action<UpdateSettersBuilder<ArticleJob>> set, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<ArticleJob>().Where(j => j.Id == id && j.LeaseOwner == owner && j.State == ArticleJobState.Running)
            .ExecuteUpdateAsync(set, ct);
    }

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.LeaseSeconds);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} of article {ArticleId} started (job {JobId}, run {Run})")]
    private partial void LogStarted(ArticleJobKind kind, Guid articleId, long jobId, int run);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} of article {ArticleId} ended {State}: {Done} done, {Failed} failed")]
    private partial void LogFinished(ArticleJobKind kind, Guid articleId, ArticleJobState state, int done, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Kind} of article {ArticleId} (job {JobId}) failed")]
    private partial void LogRunFailed(Exception error, ArticleJobKind kind, Guid articleId, long jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was taken over by another instance after its lease expired; this run stops")]
    private partial void LogLeaseLost(long jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of job {JobId} failed; trying again")]
    private partial void LogRenewalFailed(Exception error, long jobId);
}
