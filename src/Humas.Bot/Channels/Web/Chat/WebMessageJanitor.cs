using Humas.Bot.Host;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>
/// Hourly: deletes stored chat messages older than Web:MessageRetentionDays, and uploads older than
/// <see cref="UploadRetention"/> (a sent tip takes its uploads over and a cancelled draft discards them, so what
/// is left belongs to drafts that were simply abandoned).
/// </summary>
public sealed class WebMessageJanitor(
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    WebUploads uploads,
    IOptions<WebOptions> options,
    TimeProvider time,
    ILogger<WebMessageJanitor> log) : RecurringWorker(time, log)
{
    private readonly TimeProvider _time = time;
    private readonly ILogger _log = log;

    public static readonly TimeSpan UploadRetention = TimeSpan.FromDays(7);

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override string Activity => "web chat clean-up";

    /// <summary>Rows per delete statement (<see cref="BatchedDelete.BatchSize"/>; tests make it small).</summary>
    internal int BatchSize { get; set; } = BatchedDelete.BatchSize;

    /// <summary>One pass; public so tests run it without the hourly loop.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var cutoff = now.AddDays(-options.Value.MessageRetentionDays);
        // In batches behind the SQLite write gate, so the chat's own writes and everyone else's get in between.
        var deleted = await BatchedDelete.DeleteAsync(
            factory, sqliteWriter, db => db.Set<WebMessage>().Where(m => m.CreatedAt < cutoff), m => m.CreatedAt, m => m.Id, BatchSize, cancellationToken);
        var files = await uploads.DeleteOlderAsync(now - UploadRetention, cancellationToken);

        if (deleted + files > 0)
        {
            _log.LogInformation("Web chat clean-up: {Messages} messages and {Files} uploads expired", deleted, files);
        }
    }
}
