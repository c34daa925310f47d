using Humas.Bot.Storage;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tips.Flow;

/// <summary>
/// Sends the bundles whose sender has been quiet for <see cref="TipsOptions.BundleQuietSeconds"/>, each as one tip,
/// the ticket going to the sender as a notice. The due time is a column, so a restart loses no half-bundled tip.
/// A bundle that fails is retried when its lease ends, and given up after <see cref="MaxAttempts"/> with its sender told
/// (when the notice can be queued: the give-up's log says whether it was).
/// </summary>
public sealed class TipBundles(
    IDbContextFactory<HumasDbContext> factory,
    TipSubmitter submitter,
    ITipNotices notices,
    TipNoticeComposer composer,
    TipDraftFiles files,
    TimeProvider time,
    ILogger<TipBundles> log)
{
    /// <summary>
    /// How long a claimed bundle stays claimed: an instance that stops between the claim and the tip's commit
    /// leaves it due again after this, never lost and never sent twice (the submission deletes the draft by version).
    /// It is also the wait before a failed bundle's next attempt.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Claims a bundle gets before it is given up. The attempts are a lease apart, so five span eight minutes: long
    /// enough to outlast a database restart or fail-over, while a fault in the bundle's own data, which fails every
    /// attempt alike, reaches its sender within about ten minutes of their last message instead of never.
    /// </summary>
    public const int MaxAttempts = 5;

    private const int Batch = 50;

    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var due = await db.Set<TipDraft>().AsNoTracking()
            .Where(d => d.BundleDueAt != null && d.BundleDueAt <= now)
            .OrderBy(d => d.BundleDueAt)
            .Select(d => new { d.Id, d.Version, d.BundleAttempts })
            .Take(Batch)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var bundle in due)
        {
            // The claim below matches this version and adds one to this count, so this is the attempt it starts.
            var attempt = bundle.BundleAttempts + 1;
            try
            {
                if (await SendAsync(db, bundle.Id, bundle.Version, now, ct))
                {
                    sent++;
                }
            }
            catch (DbUpdateConcurrencyException)
            {
                // The sender added a message meanwhile: the bundle waits for quiet again.
                log.LogDebug("Tip bundle {DraftId} changed while it was being sent; it waits again", bundle.Id);
            }
            catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
            {
                // One bundle's fault (a constraint, a value its column cannot hold, a notice that cannot be composed)
                // must not hold up the bundles after it, nor the round's fetches and clean-up.
                log.LogError(e, "Tip bundle {DraftId} could not be sent (attempt {Attempt} of {MaxAttempts})", bundle.Id, attempt, MaxAttempts);
                if (attempt >= MaxAttempts)
                {
                    await GiveUpAsync(bundle.Id, bundle.Version + 1, attempt, ct);
                }
            }
        }

        return sent;
    }

    /// <summary>Claims the bundle and sends it; false when another instance or the sender got to it first.</summary>
    private async Task<bool> SendAsync(HumasDbContext db, long id, int version, DateTime now, CancellationToken ct)
    {
        // The claim is a conditional update: of two instances (or a sender's message arriving now) one wins. It
        // counts the attempt in the same statement, so an instance that dies mid-send still used one up.
        var leaseUntil = now + Lease;
        var claimed = await db.Set<TipDraft>()
            .Where(d => d.Id == id && d.Version == version && d.BundleDueAt <= now)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.BundleDueAt, leaseUntil)
                .SetProperty(d => d.Version, d => d.Version + 1)
                .SetProperty(d => d.BundleAttempts, d => d.BundleAttempts + 1), ct);
        if (claimed == 0)
        {
            return false;
        }

        await using var work = await factory.CreateDbContextAsync(ct);
        var draft = await work.Set<TipDraft>().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (draft is null)
        {
            return false;
        }

        await submitter.SubmitAsync(work, draft, ct, tellAuthor: true);
        return true;
    }

    /// <summary>
    /// Drops a bundle whose last attempt failed, with its files, and queues its sender's notice (none when their
    /// conversation is unknown), in one transaction. Only the version this round claimed goes: a bundle its sender has
    /// added to since is a new start and waits for quiet. A failure here is logged and left for the next lease, when
    /// the bundle fails and comes here again.
    /// </summary>
    private async Task GiveUpAsync(long id, int claimedVersion, int attempts, CancellationToken ct)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var draft = await db.Set<TipDraft>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.Version == claimedVersion, ct);
            if (draft is null)
            {
                return;
            }

            bool deleted;
            var told = false;
            try
            {
                (deleted, told) = await db.InTransactionAsync(async () =>
                {
                    if (await DeleteAsync(db, draft, ct) == 0)
                    {
                        return (false, false);
                    }

                    // False when the sender's conversation is unknown: the draft goes all the same, the log says they were not told.
                    var queued = await notices.ToContributorAsync(db, composer.BundleGivenUp(draft), ct);
                    return (true, queued);
                }, ct);
            }
            catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
            {
                // The notice could not be queued (or composed). The bundle is dropped all the same. A fault of the
                // database's own (it is down) fails this delete too, and the whole give-up is tried again at the next
                // lease; one that gets past it is the notice's own (its text, its conversation's row) and would fail
                // again at every lease, while the tip cannot be made either way: a draft kept for it would only wait
                // for the janitor a day later, and the sender's next file would join a bundle that cannot be sent
                // instead of opening a new one. What is lost is the notice; this error names the sender so someone
                // can reach them.
                log.LogError(e, "Tip bundle {DraftId} of {Channel}:{UserExternalId}: the notice that it was given up could not be queued; it is dropped without one",
                    id, draft.Channel, draft.UserExternalId);
                deleted = await DeleteAsync(db, draft, ct) > 0;
            }

            if (!deleted)
            {
                return;
            }

            log.LogError("Tip bundle {DraftId} of {Channel}:{UserExternalId} given up after {Attempts} failed attempts; the sender is told (notice queued): {Told}",
                id, draft.Channel, draft.UserExternalId, attempts, told);
            // The draft is gone: what the channels keep for its files goes too, as on Batal and for expired drafts.
            await files.DiscardAsync(draft, ct);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            log.LogError(e, "Tip bundle {DraftId} could not be given up; it is tried again when its lease ends", id);
        }
    }

    private static Task<int> DeleteAsync(HumasDbContext db, TipDraft draft, CancellationToken ct) =>
        db.Set<TipDraft>().Where(d => d.Id == draft.Id && d.Version == draft.Version).ExecuteDeleteAsync(ct);
}
