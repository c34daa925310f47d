using Humas.Bot.Alerts.Detectors;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Alerts;

/// <summary>
/// Opens, goes on with and resolves incidents, writing their notifications in the same transaction. Safe to call
/// from every instance at once: the unique open-incident index refuses a second open row for a cause, and each
/// change of state is a conditional update that only one caller wins, so each event is told once.
/// </summary>
public sealed partial class IncidentLog(
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    IOptionsMonitor<AlertsOptions> options,
    ILogger<IncidentLog> log)
{
    /// <summary>
    /// The cause is present at <paramref name="now"/>: its open incident goes on; one resolved within the settling
    /// period (its resolved notice not yet sent) is reopened and that notice cancelled; otherwise a new one opens.
    /// </summary>
    public async Task ObserveAsync(Finding finding, DateTime now, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        using var gate = await sqliteWriter.EnterAsync(db, ct);
        var summary = Clip(finding.Summary);
        var open = await db.Set<Incident>().Where(i => i.Key == finding.Key && i.ResolvedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LastSeenAt, now).SetProperty(i => i.Summary, summary), ct);
        if (open > 0)
        {
            return;
        }

        try
        {
            await db.InTransactionAsync(async () =>
            {
                if (await ReopenAsync(db, finding.Key, now, ct))
                {
                    return true;
                }

                var incident = new Incident
                {
                    Key = finding.Key, Kind = finding.Kind, InstitutionId = finding.InstitutionId,
                    Summary = summary, OpenedAt = now, LastSeenAt = now,
                };
                db.Add(incident);
                await db.SaveChangesAsync(ct);
                Notify(db, incident, AlertEvent.Opened, notBefore: now, now);
                await db.SaveChangesAsync(ct);
                LogOpened(finding.Key, summary);
                return true;
            }, ct);
        }
        catch (DbUpdateException e)
        {
            // Another instance opened (or reopened) it first, which the unique open-incident index refuses; any other
            // refusal (a full disk, a constraint) leaves no open incident and is the caller's to retry.
            if (!await IsOpenAsync(finding.Key, ct))
            {
                throw;
            }

            LogAlreadyOpen(e, finding.Key);
        }
    }

    /// <summary>The cause is gone: the incident is resolved now, and told once the settling period passed without it coming back.</summary>
    public async Task ResolveAsync(string key, DateTime now, CancellationToken ct)
    {
        // Asked first outside the SQLite write gate: a platform's first accepted call after every start resolves its
        // token incident, which is almost never open, and must not wait behind the writes in turn (a broadcast's).
        if (!await IsOpenAsync(key, ct))
        {
            return;
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        using var gate = await sqliteWriter.EnterAsync(db, ct);
        await db.InTransactionAsync(async () =>
        {
            var incident = await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Key == key && i.ResolvedAt == null, ct);
            if (incident is null)
            {
                return false;
            }

            var won = await db.Set<Incident>().Where(i => i.Id == incident.Id && i.ResolvedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ResolvedAt, now).SetProperty(i => i.LastSeenAt, now), ct);
            if (won == 0)
            {
                return false;
            }

            Notify(db, incident, AlertEvent.Resolved, notBefore: now + options.CurrentValue.Settle, now);
            await db.SaveChangesAsync(ct);
            LogResolved(key);
            return true;
        }, ct);
    }

    private async Task<bool> IsOpenAsync(string key, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Incident>().AnyAsync(i => i.Key == key && i.ResolvedAt == null, ct);
    }

    /// <summary>Open incidents' keys of <paramref name="kind"/>, for resolving those a detector no longer finds.</summary>
    public async Task<List<string>> OpenKeysAsync(IncidentKind kind, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Incident>().AsNoTracking().Where(i => i.Kind == kind && i.ResolvedAt == null).Select(i => i.Key).ToListAsync(ct);
    }

    /// <summary>Who is told of an incident: its institution's editors when it has one, and always the operators.</summary>
    public static IEnumerable<AlertRecipient> Audiences(string? institutionId) => institutionId is null
        ? [new AlertRecipient(AlertAudience.Operators, null)]
        : [new AlertRecipient(AlertAudience.InstitutionEditors, institutionId), new AlertRecipient(AlertAudience.Operators, null)];

    private static async Task<bool> ReopenAsync(HumasDbContext db, string key, DateTime now, CancellationToken ct)
    {
        var settling = await db.Set<Incident>().AsNoTracking()
            .Where(i => i.Key == key && i.ResolvedAt != null && db.Set<AlertNotification>()
                .Any(n => n.IncidentId == i.Id && n.Event == AlertEvent.Resolved && n.State == AlertNotificationState.Pending))
            .OrderByDescending(i => i.Id)
            .Select(i => (long?)i.Id)
            .FirstOrDefaultAsync(ct);
        if (settling is not { } id)
        {
            return false;
        }

        var won = await db.Set<Incident>().Where(i => i.Id == id && i.ResolvedAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ResolvedAt, (DateTime?)null).SetProperty(i => i.LastSeenAt, now).SetProperty(i => i.Reopened, i => i.Reopened + 1), ct);
        if (won == 0)
        {
            return false;
        }

        await db.Set<AlertNotification>()
            .Where(n => n.IncidentId == id && n.Event == AlertEvent.Resolved && n.State == AlertNotificationState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.State, AlertNotificationState.Cancelled).SetProperty(n => n.LastError, "the cause came back while settling"), ct);
        return true;
    }

    private static void Notify(HumasDbContext db, Incident incident, AlertEvent what, DateTime notBefore, DateTime now)
    {
        foreach (var recipient in Audiences(incident.InstitutionId))
        {
            db.Add(new AlertNotification
            {
                IncidentId = incident.Id, Event = what, Audience = recipient.Audience, InstitutionId = recipient.InstitutionId,
                State = AlertNotificationState.Pending, NotBefore = notBefore, CreatedAt = now,
            });
        }
    }

    private static string Clip(string text) => text.Length > 1000 ? text[..999] + "…" : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident opened: {Key}: {Summary}")]
    private partial void LogOpened(string key, string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident resolved: {Key}")]
    private partial void LogResolved(string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Incident {Key} already opened by another instance")]
    private partial void LogAlreadyOpen(Exception exception, string key);
}
