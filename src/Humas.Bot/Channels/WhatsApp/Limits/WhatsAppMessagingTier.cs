using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Channels.WhatsApp.Limits;

/// <summary>No room in a portfolio's messaging tier for one more reader outside the window until <see cref="RetryAfter"/> has passed.</summary>
public sealed class WhatsAppTierFullException(string portfolio, int tier, TimeSpan retryAfter)
    : Exception($"WhatsApp messaging tier of {tier} readers per 24 hours of {(portfolio.Length == 0 ? "the national portfolio" : $"portfolio '{portfolio}'")} is used up; the next slot frees in {retryAfter.TotalMinutes:0} min.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// A business portfolio's messaging tier (<see cref="WhatsAppNumber.MessagingTier"/>: <c>WhatsApp:MessagingTier</c> for
/// the national portfolio, <c>Institutions:N:WhatsApp:MessagingTier</c> for one an institution names): how many distinct
/// readers the portfolio's numbers may reach outside their 24-hour window (templates) in any rolling 24 hours. Meta
/// documents no error code for going over, so the count is ours, one per portfolio: a template to a reader the sending
/// number's portfolio has not yet counted takes a slot of that portfolio first, and when none is free the send fails with
/// <see cref="WhatsAppTierFullException"/>, which the gateway treats as a wait (the delivery is deferred until the
/// portfolio's oldest slot frees, never dropped).
/// <para>
/// Several instances count in the same table: each claims its slot (a row), then reads its rank among the portfolio's
/// rows of the day (by time, then wa_id); a claim ranked past the tier is withdrawn. Two instances claiming the last
/// slot at once therefore do not both win. Ordering uses each instance's clock, so clocks far apart can blur the
/// order of claims made within that skew.
/// </para>
/// </summary>
public sealed class WhatsAppMessagingTier(
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    TimeProvider time)
{
    public static readonly TimeSpan Day = TimeSpan.FromHours(24);

    /// <summary>The shortest wait when full, so a reader whose slot frees in seconds is not retried in a tight loop.</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMinutes(1);

    /// <summary>
    /// One claim at a time in this instance: concurrent claims could otherwise count a claim that is about to be
    /// withdrawn and refuse a reader while a slot is free. Between instances the rank check keeps the tier.
    /// </summary>
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>
    /// Counts <paramref name="waId"/> as reached outside the window by <paramref name="from"/>'s portfolio, or throws
    /// <see cref="WhatsAppTierFullException"/>.
    /// </summary>
    public async Task ClaimAsync(WhatsAppNumber from, string waId, CancellationToken ct)
    {
        if (from.MessagingTier == WhatsAppOptions.UnlimitedTier)
        {
            return;
        }

        await _one.WaitAsync(ct);
        try
        {
            await ClaimOneAsync(from.Portfolio, waId, from.MessagingTier, ct);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task ClaimOneAsync(string portfolio, string waId, int tier, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now - Day;
        await using var db = await factory.CreateDbContextAsync(ct);
        var contacts = db.Set<WhatsAppTierContact>().Where(c => c.Portfolio == portfolio);
        if (await contacts.AnyAsync(c => c.WaId == waId && c.At > since, ct))
        {
            return;
        }

        using (await sqliteWriter.EnterAsync(db, ct))
        {
            // An older row (outside the rolling day) is refreshed; a concurrent claim for the same reader updates
            // the same row, so the reader is counted once either way.
            if (await contacts.Where(c => c.WaId == waId).ExecuteUpdateAsync(u => u.SetProperty(c => c.At, now), ct) == 0)
            {
                db.Add(new WhatsAppTierContact { Portfolio = portfolio, WaId = waId, At = now });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    // Another instance claimed this reader at the same moment: one row, counted once.
                    db.ChangeTracker.Clear();
                }
            }
        }

        var mine = await contacts.Where(c => c.WaId == waId).Select(c => c.At).FirstAsync(ct);
        var ahead = await contacts.CountAsync(c => c.At > since && (c.At < mine || (c.At == mine && string.Compare(c.WaId, waId) < 0)), ct);
        if (ahead < tier)
        {
            return;
        }

        using (await sqliteWriter.EnterAsync(db, ct))
        {
            await contacts.Where(c => c.WaId == waId && c.At == mine).ExecuteDeleteAsync(ct);
        }

        var oldest = await contacts.Where(c => c.At > since).MinAsync(c => (DateTime?)c.At, ct) ?? now;
        var wait = oldest + Day - now;
        throw new WhatsAppTierFullException(portfolio, tier, wait < MinimumWait ? MinimumWait : wait);
    }

    /// <summary>How many readers <paramref name="portfolio"/>'s rolling day has counted (for the benchmark and the docs' operator checks).</summary>
    public async Task<int> UsedAsync(string portfolio, CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime - Day;
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<WhatsAppTierContact>().CountAsync(c => c.Portfolio == portfolio && c.At > since, ct);
    }

    /// <summary>Rows older than the rolling day count for nothing, whichever portfolio's; drops them.</summary>
    public Task<int> PruneAsync(CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime - Day;
        // WaId is only the key's first column (a reader may be counted by several portfolios).
        return BatchedDelete.DeleteAsync(factory, sqliteWriter, db => db.Set<WhatsAppTierContact>().Where(c => c.At <= since), c => c.At, c => c.WaId, BatchSize, ct, keyIsUnique: false);
    }

    /// <summary>Rows per delete statement of <see cref="PruneAsync"/> (<see cref="BatchedDelete.BatchSize"/>; tests make it small).</summary>
    internal int BatchSize { get; set; } = BatchedDelete.BatchSize;
}
