using Humas.Bot.Alerts;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Humas.Bot.Channels.WhatsApp.Limits;

/// <summary>
/// Whether Meta accepts the access token. A 190 (revoked or expired token) stops the channel: the adapter
/// classifies it as a pause of the whole number (<see cref="WhatsAppFailureClassifier.TokenPause"/>), so every
/// delivery waits instead of failing one by one; this records it once: one critical log line, a degraded
/// <c>whatsapp</c> entry in <c>/healthz</c>, and a report to the alerts (<see cref="ICredentialsMonitor"/>), which
/// open a <see cref="IncidentKind.TokenRejected"/> incident (key <c>token:whatsapp</c>) and tell the operators. The
/// first call Meta accepts again resolves both.
/// </summary>
public sealed class WhatsAppTokenHealth(ICredentialsMonitor credentials, ILogger<WhatsAppTokenHealth> log)
{
    /// <summary>The platform name its incident is kept under.</summary>
    public const string Platform = "whatsapp";

    public const string IncidentKey = "token:" + Platform;

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
        await credentials.RejectedAsync(Platform, "Meta rejected the access token: " + reason, ct);
    }

    /// <summary>Meta accepted a call: if the token had been refused, the channel runs again and the incident is resolved.</summary>
    public async Task AcceptedAsync(CancellationToken ct)
    {
        // Told every time (the monitor writes only on a change): an incident a previous run left open resolves too.
        await credentials.AcceptedAsync(Platform, ct);
        if (Interlocked.Exchange(ref _rejected, 0) == 0)
        {
            return;
        }

        _reason = null;
        log.LogWarning("WhatsApp runs again: Meta accepts WhatsApp:AccessToken");
    }
}

/// <summary>The <c>whatsapp</c> entry of <c>/healthz</c>: degraded while Meta refuses the token.</summary>
public sealed class WhatsAppHealthCheck(WhatsAppTokenHealth token) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(token.Rejected
            ? HealthCheckResult.Degraded("WhatsApp stopped: the access token was rejected (" + token.Reason + ")")
            : HealthCheckResult.Healthy("WhatsApp token accepted or not yet used"));
}
