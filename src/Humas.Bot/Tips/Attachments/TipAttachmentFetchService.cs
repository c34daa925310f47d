using Humas.Bot.Storage;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tips.Attachments;

/// <summary>
/// Copies submitted tips' attachments from their channel into Tips:StoragePath/&lt;ticket&gt;/. The tip is in
/// the queue already; its attachment rows go from Pending to Stored (or Refused/Failed) as this runs.
/// One instance fetches (the service); several instances would need a lease here.
/// </summary>
public sealed class TipAttachmentFetchService(
    IDbContextFactory<HumasDbContext> factory,
    IEnumerable<ITipAttachmentFetcher> fetchers,
    IOptions<TipsOptions> options,
    TimeProvider time,
    ILogger<TipAttachmentFetchService> log)
{
    private const int BatchSize = 20;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(30);

    public string Root { get; } = Path.GetFullPath(options.Value.StoragePath);

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
                select new { Attachment = a, t.Channel, t.Ticket })
            .Take(BatchSize)
            .ToListAsync(ct);
        foreach (var item in due)
        {
            await FetchAsync(item.Attachment, item.Channel, item.Ticket, ct);
            await db.SaveChangesAsync(ct);
        }

        return due.Count;
    }

    private async Task FetchAsync(TipAttachmentRecord a, string channel, string ticket, CancellationToken ct)
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
            Refuse(a, ticket, limits.MaxFileBytes);
            return;
        }

        var folder = Path.Combine(Root, ticket);
        Directory.CreateDirectory(folder);
        var name = SafeFileNames.For(a.Id, a.OriginalName, a.Kind);
        var final = Path.Combine(folder, name);
        var partial = final + ".part";
        try
        {
            FetchedFile fetched;
            long size;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var capped = new CappedStream(file, limits.MaxFileBytes);
                fetched = await fetcher.FetchAsync(a.ChannelFileId, limits.MaxFileBytes, capped, ct);
                await capped.FlushAsync(ct);
                size = capped.Written;
            }

            File.Move(partial, final, overwrite: true);
            a.State = TipAttachmentState.Stored;
            a.StoredPath = Path.Combine(ticket, name).Replace('\\', '/');
            a.Size = size;
            a.OriginalName ??= Truncate(fetched.FileName, 255);
            a.MediaType ??= Truncate(fetched.MediaType, 128);
            a.Attempts++;
            a.LastError = null;
            log.LogInformation("Tip {Ticket}: attachment {AttachmentId} stored ({Size} bytes)", ticket, a.Id, size);
        }
        catch (TipFileTooLargeException)
        {
            Delete(partial);
            Refuse(a, ticket, limits.MaxFileBytes);
        }
        catch (TipFetchException e) when (!e.Transient)
        {
            Delete(partial);
            Fail(a, ticket, e.Message);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Delete(partial);
            a.Attempts++;
            a.LastError = Truncate(e.Message, 1000);
            if (a.Attempts >= limits.MaxFetchAttempts)
            {
                Fail(a, ticket, $"gave up after {a.Attempts} attempts: {e.Message}");
                return;
            }

            var wait = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks * (1L << Math.Min(a.Attempts - 1, 20))));
            a.NextAttemptAt = time.GetUtcNow().UtcDateTime + wait;
            log.LogWarning(e, "Tip {Ticket}: attachment {AttachmentId} fetch failed (attempt {Attempt}); retrying in {RetrySeconds} s", ticket, a.Id, a.Attempts, wait.TotalSeconds);
        }
    }

    private void Refuse(TipAttachmentRecord a, string ticket, long maxBytes)
    {
        a.State = TipAttachmentState.Refused;
        a.LastError = $"larger than {maxBytes} bytes";
        log.LogWarning("Tip {Ticket}: attachment {AttachmentId} refused, larger than {MaxFileBytes} bytes", ticket, a.Id, maxBytes);
    }

    private void Fail(TipAttachmentRecord a, string ticket, string reason)
    {
        a.State = TipAttachmentState.Failed;
        a.LastError = Truncate(reason, 1000);
        log.LogWarning("Tip {Ticket}: attachment {AttachmentId} failed: {Reason}", ticket, a.Id, reason);
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover .part file is overwritten by the next attempt.
        }
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
