using System.Collections.Concurrent;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Links;

/// <summary>
/// Clicks are added up in memory per link and Jakarta day and written every <see cref="FlushInterval"/> as one
/// increment per link and day, so a redirect never waits for the database and a burst of readers opening a
/// fresh article costs a handful of writes, not one each. The price, named in docs/FEEDBACK.md: a crash loses
/// the clicks of its last few seconds (a clean stop writes them). Instances each write their own increments.
/// </summary>
public sealed class ClickCounter(IDbContextFactory<HumasDbContext> factory, TimeProvider time, ILogger<ClickCounter> log)
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);
    private ConcurrentDictionary<(long LinkId, DateOnly Day), int> _pending = new();

    public void Count(long linkId)
    {
        var day = DateOnly.FromDateTime(JakartaTime.ToLocal(time.GetUtcNow().UtcDateTime));
        _pending.AddOrUpdate((linkId, day), 1, (_, n) => n + 1);
    }

    /// <summary>Writes what was counted since the last flush; on failure keeps it for the next one. Returns the number of clicks written.</summary>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<(long, DateOnly), int>());
        if (batch.IsEmpty)
        {
            return 0;
        }

        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            await db.InTransactionAsync(async () =>
            {
                foreach (var ((linkId, day), clicks) in batch)
                {
                    // An upsert both databases read the same way; the row's key is (link, day).
                    await db.Database.ExecuteSqlRawAsync(
                        """
                        INSERT INTO "ArticleClicks" ("LinkId", "Day", "Clicks") VALUES ({0}, {1}, {2})
                        ON CONFLICT ("LinkId", "Day") DO UPDATE SET "Clicks" = "ArticleClicks"."Clicks" + excluded."Clicks"
                        """, [linkId, day, clicks], ct);
                }

                return 0;
            }, ct);
            return batch.Values.Sum();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            foreach (var (key, clicks) in batch)
            {
                _pending.AddOrUpdate(key, clicks, (_, n) => n + clicks);
            }

            log.LogWarning(e, "Writing {Clicks} clicks failed; they are kept for the next try", batch.Values.Sum());
            return 0;
        }
    }
}

/// <summary>Writes the counted clicks every few seconds on every instance, and once more when the service stops.</summary>
public sealed class ClickFlushService(ClickCounter counter, TimeProvider time, ILogger<ClickFlushService> log)
    : Host.RecurringWorker(time, log)
{
    protected override TimeSpan Interval => ClickCounter.FlushInterval;

    protected override string Activity => "writing link clicks";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => counter.FlushAsync(cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await counter.FlushAsync(cancellationToken);
    }
}
