using Humas.Bot.Storage;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tips.Flow;

/// <summary>
/// Sends the bundles whose sender has been quiet for <see cref="TipsOptions.BundleQuietSeconds"/>, each as one tip,
/// the ticket going to the sender as a notice. The due time is a column, so a restart loses no half-bundled tip.
/// A bundle that fails is retried when its lease ends.
/// </summary>
public sealed class TipBundles(IDbContextFactory<HumasDbContext> factory, TipSubmitter submitter, TimeProvider time, ILogger<TipBundles> log)
{
    /// <summary>
    /// How long a claimed bundle stays claimed: an instance that stops between the claim and the tip's commit
    /// leaves it due again after this, never lost and never sent twice (the submission deletes the draft by version).
    /// It is also the wait before a failed bundle's next attempt.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private const int Batch = 50;

    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var due = await db.Set<TipDraft>().AsNoTracking()
            .Where(d => d.BundleDueAt != null && d.BundleDueAt <= now)
            .OrderBy(d => d.BundleDueAt)
            .Select(d => new { d.Id, d.Version })
            .Take(Batch)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var bundle in due)
        {
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
                log.LogError(e, "Tip bundle {DraftId} could not be sent; it is tried again when its lease ends", bundle.Id);
            }
        }

        return sent;
    }

    /// <summary>Claims the bundle and sends it; false when another instance or the sender got to it first.</summary>
    private async Task<bool> SendAsync(HumasDbContext db, long id, int version, DateTime now, CancellationToken ct)
    {
        // The claim is a conditional update: of two instances (or a sender's message arriving now) one wins.
        var leaseUntil = now + Lease;
        var claimed = await db.Set<TipDraft>()
            .Where(d => d.Id == id && d.Version == version && d.BundleDueAt <= now)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.BundleDueAt, leaseUntil).SetProperty(d => d.Version, d => d.Version + 1), ct);
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
}
