using Humas.Bot.Storage;
using Humas.Bot.Storage.Files;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tips.Attachments;

/// <summary>
/// Copies submitted tips' attachments from their channel into the <see cref="FileStore"/> under "&lt;ticket&gt;/"
/// (a chat upload, already there, is taken over by key), with the store's budget and free-space checks first. The tip is in
/// the queue already; its attachment rows go from Pending to Stored (or Refused/Failed) as this runs.
/// One instance fetches (the service); several instances would need a lease here.
/// </summary>
public sealed class TipAttachmentFetchService(
    IDbContextFactory<HumasDbContext> factory,
    IEnumerable<ITipAttachmentFetcher> fetchers,
    FileStore store,
    IOptions<TipsOptions> options,
    TimeProvider time,
    ILogger<TipAttachmentFetchService> log)
{
    private const int BatchSize = 20;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(30);

    /// <summary>Fetches the attachments that are due; returns how many it worked on.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var due = await (
                from a in db.Set<TipAttachmentRecord>()
                join t in db.Set<Tip>() on a.TipId equals t.Id
                where a.State == TipAttachmentState.Pending && a.NextAttemptAt <= now
                orderby a.NextAttemptAt, a.Id
                select new { Attachment = a, t.Channel, t.UserExternalId, t.Ticket })
            .Take(BatchSize)
            .ToListAsync(ct);
        foreach (var item in due)
        {
            try
            {
                await FetchAsync(item.Attachment, item.Channel, item.UserExternalId, item.Ticket, ct);
                await db.SaveChangesAsync(ct);
            }
            catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
            {
                // A fault past the fetch's own handling (taking over a chat upload, the database refusing what this row
                // was to record) would end the batch here before anything is recorded, at every round: this row would
                // stay first in line and the rows after it would never be fetched. It counts as a failed attempt instead.
                await RecordFailureAsync(db, item.Attachment, item.Ticket, e, ct);
            }
        }

        return due.Count;
    }

    /// <summary>
    /// Counts a failed attempt on a row whose unsaved change may be what failed: the row is read again first, so
    /// only the count, the error and the next attempt's time are written. A failure here (the database itself) ends
    /// the batch; the row is still Pending and due, and the next round tries it again.
    /// </summary>
    private async Task RecordFailureAsync(HumasDbContext db, TipAttachmentRecord a, string ticket, Exception e, CancellationToken ct)
    {
        var entry = db.Entry(a);
        await entry.ReloadAsync(ct);
        if (entry.State == EntityState.Detached)
        {
            // The tip was deleted meanwhile, its attachment rows with it.
            return;
        }

        // At the last attempt the row is Failed (logged there); before it, due again after the back-off.
        _ = CountFailedAttempt(a, ticket, e);
        log.LogError(e, "Tip {Ticket}: attachment {AttachmentId} could not be handled (attempt {Attempt} of {MaxAttempts}); the attachments after it go on",
            ticket, a.Id, a.Attempts, options.Value.MaxFetchAttempts);
        await db.SaveChangesAsync(ct);
    }

    private async Task FetchAsync(TipAttachmentRecord a, string channel, string user, string ticket, CancellationToken ct)
    {
        var limits = options.Value;
        var fetcher = fetchers.FirstOrDefault(f => string.Equals(f.Channel, channel, StringComparison.OrdinalIgnoreCase));
        if (fetcher is null)
        {
            Fail(a, ticket, $"no attachment fetcher for channel '{channel}'");
            return;
        }

        if (a.Size > limits.MaxFileBytes)
        {
            Refuse(a, ticket, $"larger than {limits.MaxFileBytes} bytes");
            return;
        }

        // "{ticket}/{name}": the layout Tips:StoragePath folders have always had.
        var key = $"{ticket}/{SafeFileNames.For(a.Id, a.OriginalName, a.Kind)}";
        if (fetcher.StoredKey(a.ChannelFileId) is { } uploaded)
        {
            // Already in the store (a chat upload, checked when it arrived): the tip takes it over, no copy. When the
            // rename finds nothing, another round may have taken it over already: then it is there under the new key.
            await store.RenameAsync(uploaded, key, ct);
            if (await store.FindAsync(key, ct) is not { } info)
            {
                Fail(a, ticket, "the uploaded file is gone (expired or cancelled before the tip was sent)");
                return;
            }

            Stored(a, ticket, key, info.Size, null, info.MediaType);
            return;
        }

        try
        {
            // The reservation (the size the channel announced, else the cap) is checked against the budget and the
            // disk's floor before a byte is written.
            await using var writer = await store.CreateAsync(key, $"{channel}:{user}", null, a.Size ?? limits.MaxFileBytes, limits.MaxFileBytes, ct);
            var fetched = await fetcher.FetchAsync(a.ChannelFileId, limits.MaxFileBytes, writer, ct);
            var mediaType = writer.DetectedType(a.MediaType ?? fetched.MediaType) ?? a.MediaType ?? fetched.MediaType;
            var info = await writer.CommitAsync(mediaType, ct);
            Stored(a, ticket, key, info.Size, fetched, info.MediaType);
        }
        catch (Exception e) when (e is TipFileTooLargeException or FileTooLargeException)
        {
            Refuse(a, ticket, $"larger than {limits.MaxFileBytes} bytes");
        }
        catch (StorageFullException e)
        {
            Refuse(a, ticket, e.Message);
        }
        catch (TipFetchException e) when (!e.Transient)
        {
            Fail(a, ticket, e.Message);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            if (CountFailedAttempt(a, ticket, e) is { } wait)
            {
                log.LogWarning(e, "Tip {Ticket}: attachment {AttachmentId} fetch failed (attempt {Attempt}); retrying in {RetrySeconds} s", ticket, a.Id, a.Attempts, wait.TotalSeconds);
            }
        }
    }

    /// <summary>
    /// One more failed attempt: the next one after a back-off (10 s doubling, at most 30 min), returned; or, at
    /// <see cref="TipsOptions.MaxFetchAttempts"/>, Failed and null.
    /// </summary>
    private TimeSpan? CountFailedAttempt(TipAttachmentRecord a, string ticket, Exception e)
    {
        a.Attempts++;
        a.LastError = Truncate(e.Message, 1000);
        if (a.Attempts >= options.Value.MaxFetchAttempts)
        {
            Fail(a, ticket, $"gave up after {a.Attempts} attempts: {e.Message}");
            return null;
        }

        var wait = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks * (1L << Math.Min(a.Attempts - 1, 20))));
        a.NextAttemptAt = time.GetUtcNow().UtcDateTime + wait;
        return wait;
    }

    private void Stored(TipAttachmentRecord a, string ticket, string key, long size, FetchedFile? fetched, string? mediaType)
    {
        a.State = TipAttachmentState.Stored;
        a.StoredPath = key;
        a.Size = size;
        a.OriginalName ??= Truncate(fetched?.FileName, 255);
        // The type the file's bytes show wins over any claim (the dashboard decides from it what to show inline).
        a.MediaType = Truncate(mediaType, 128) ?? a.MediaType;
        a.Attempts++;
        a.LastError = null;
        log.LogInformation("Tip {Ticket}: attachment {AttachmentId} stored ({Size} bytes)", ticket, a.Id, size);
    }

    private void Refuse(TipAttachmentRecord a, string ticket, string reason)
    {
        a.State = TipAttachmentState.Refused;
        a.LastError = Truncate(reason, 1000);
        log.LogWarning("Tip {Ticket}: attachment {AttachmentId} refused: {Reason}", ticket, a.Id, reason);
    }

    private void Fail(TipAttachmentRecord a, string ticket, string reason)
    {
        a.State = TipAttachmentState.Failed;
        a.LastError = Truncate(reason, 1000);
        log.LogWarning("Tip {Ticket}: attachment {AttachmentId} failed: {Reason}", ticket, a.Id, reason);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
