using Humas.Bot.Host;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Ingestion.Sources;

/// <summary>
/// Brings the configured sources into the database at start. Configuration owns a
/// source's definition; the database owns its health, which survives restarts. A source removed from
/// configuration is disabled, not deleted, so its articles keep their history.
/// </summary>
public sealed partial class SourceCatalog(
    IDbContextFactory<HumasDbContext> factory,
    IOptions<SourcesOptions> options,
    TimeProvider time,
    ILogger<SourceCatalog> log) : StartingPhaseService
{
    public override Task StartingAsync(CancellationToken cancellationToken) => SynchronizeAsync(cancellationToken);

    public async Task SynchronizeAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // Instances starting together on one PostgreSQL database take turns, so they do not insert the same rows.
        await db.InTransactionAsync(async () =>
        {
            // The institutions' lock first, as every writer of institutions takes it: no two orders, no deadlock.
            await db.LockAsync(InstitutionCatalog.LockKey, ct);
            await db.LockAsync("humas-bot:source-catalog", ct);
            await SynchronizeAsync(db, ct);
            return 0;
        }, ct);
    }

    private async Task SynchronizeAsync(HumasDbContext db, CancellationToken ct)
    {
        var config = options.Value;
        var now = time.GetUtcNow().UtcDateTime;

        // Institutions are seeded from their own list (Institutions part); a source's institution missing there is
        // created with its id as its name.
        await InstitutionCatalog.EnsureAsync(db, config.Sources.Select(s => s.Institution), now, ct);

        var sources = await db.Set<Source>().ToDictionaryAsync(s => s.Id, ct);
        var added = new List<Source>();
        foreach (var wanted in config.Sources)
        {
            if (!sources.Remove(wanted.Id, out var source))
            {
                source = new Source
                {
                    Id = wanted.Id,
                    InstitutionId = wanted.Institution,
                    Name = wanted.Name ?? wanted.Id,
                    Url = wanted.Url,
                    ConfiguredUrl = wanted.Url,
                    NextPollAt = now,
                };
                added.Add(source);
                LogAdded(wanted.Id, wanted.Url);
            }
            else if (source.ConfiguredUrl != wanted.Url)
            {
                // The operator changed the URL: forget what the redirect and validators taught us.
                source.Url = wanted.Url;
                source.ConfiguredUrl = wanted.Url;
                source.ETag = null;
                source.LastModified = null;
                source.NextPollAt = now;
            }

            // A configured id takes over a dashboard source of the same id: configuration wins.
            source.Origin = SourceOrigin.Configuration;
            source.InstitutionId = wanted.Institution;
            source.Name = wanted.Name ?? wanted.Id;
            source.Kind = wanted.ParsedKind;
            source.PollSeconds = wanted.PollSeconds;
            source.Category = wanted.Category;
            source.Selectors = wanted.Selectors;
            source.AnnounceExistingOnFirstPoll = wanted.AnnounceExistingOnFirstPoll;
            source.Enabled = wanted.Enabled;
            if (!wanted.Enabled)
            {
                source.State = SourceState.Disabled;
            }
            else if (source.State == SourceState.Disabled)
            {
                source.State = SourceState.Active;
                source.NextPollAt = now;
            }
        }

        foreach (var orphan in sources.Values.Where(s => s.Enabled && s.Origin == SourceOrigin.Configuration))
        {
            orphan.Enabled = false;
            orphan.State = SourceState.Disabled;
            LogDisabled(orphan.Id);
        }

        // Institutions first: the new sources refer to them. The new sources go in many rows per statement
        // (a first start with 10,000 configured sources spent seconds in one INSERT per row).
        await db.SaveChangesAsync(ct);
        await MultiRowInsert.InsertAsync(db, added, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId} added: {SourceUrl}")]
    private partial void LogAdded(string sourceId, string sourceUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId} is no longer configured; disabled")]
    private partial void LogDisabled(string sourceId);
}
