using Humas.Bot.Alerts;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Humas.Bot.Channels.WhatsApp.Limits;

/// <summary>
/// Whether Meta accepts the access token. A 190 (revoked or expired token) stops the channel: the adapter
/// classifies it as a pause of the whole number (<see cref="WhatsAppFailureClassifier.TokenPause"/>), so every
/// delivery waits instead of failing one by one; this records it once: one critical log line, an open
/// <see cref="IncidentKind.TokenRejected"/> incident (key <c>token:whatsapp</c>) for the operators, and a
/// degraded <c>whatsapp</c> entry in <c>/healthz</c>. The first call Meta accepts again resolves both. The
/// alerts that would message the operators about the incident (issue 16) are not built: the incident row and
/// the health check are what an operator sees.
/// </summary>
public sealed class WhatsAppTokenHealth(
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    TimeProvider time,
    ILogger<WhatsAppTokenHealth> log)
{
    public const string IncidentKey = "token:whatsapp";

    private int _rejected;
    private volatile string? _reason;

    public bool Rejected => Volatile.Read(ref _rejected) == 1;

    public string? Reason => _reason;

    /// <summary>Meta refused the token (190). Logs and opens the incident the first time only.</summary>
    public async Task RejectedAsync(string reason, CancellationToken ct)
    {
        _reason = reason;
        if (Interlocked.Exchange(ref _rejected, 1) == 1)
        {
            return;
        }

        log.LogCritical("WhatsApp stopped: Meta rejected WhatsApp:AccessToken ({Reason}). Deliveries wait until a valid token is configured", reason);
        await RecordAsync(open: true, reason, ct);
    }

    /// <summary>Meta accepted a call: if the token had been refused, the channel runs again and the incident is resolved.</summary>
    public async Task AcceptedAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _rejected, 0) == 0)
        {
            return;
        }

        _reason = null;
        log.LogWarning("WhatsApp runs again: Meta accepts WhatsApp:AccessToken");
        await RecordAsync(open: false, null, ct);
    }

    private async Task RecordAsync(bool open, string? reason, CancellationToken ct)
    {
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            await using var db = await factory.CreateDbContextAsync(ct);
            using var gate = await sqliteWriter.EnterAsync(db, ct);
            var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Key == IncidentKey && i.ResolvedAt == null, ct);
            if (open && incident is null)
            {
                db.Add(new Incident
                {
                    Key = IncidentKey,
                    Kind = IncidentKind.TokenRejected,
                    Summary = Clip($"WhatsApp: Meta rejected the access token ({reason})"),
                    OpenedAt = now,
                    LastSeenAt = now,
                });
            }
            else if (open && incident is not null)
            {
                incident.LastSeenAt = now;
            }
            else if (!open && incident is not null)
            {
                incident.LastSeenAt = now;
                incident.ResolvedAt = now;
            }

            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            // Another instance opened (or resolved) the same incident first: one row is enough.
            log.LogDebug(e, "WhatsApp token incident already recorded by another instance");
        }
    }

    private static string Clip(string text) => text.Length > 500 ? text[..500] : text;
}

/// <summary>The <c>whatsapp</c> entry of <c>/healthz</c>: degraded while Meta refuses the token.</summary>
public sealed class WhatsAppHealthCheck(WhatsAppTokenHealth token) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(token.Rejected
            ? HealthCheckResult.Degraded("WhatsApp stopped: the access token was rejected (" + token.Reason + ")")
            : HealthCheckResult.Healthy("WhatsApp token accepted or not yet used"));
}
