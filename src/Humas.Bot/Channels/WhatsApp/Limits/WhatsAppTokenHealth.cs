using System.Collections.Concurrent;
using Humas.Bot.Alerts;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Humas.Bot.Channels.WhatsApp.Limits;

/// <summary>
/// Whether Meta accepts each number's access token. A 190 (revoked or expired token) stops that number: the adapter
/// classifies it as a pause of the number's limiter (<see cref="WhatsAppOptions.TokenRetrySeconds"/>), so every
/// delivery through it waits instead of failing one by one; this records it once per number: one critical log line, a
/// degraded <c>whatsapp</c> entry in <c>/healthz</c>, and a report to the alerts (<see cref="ICredentialsMonitor"/>),
/// which open a <see cref="IncidentKind.TokenRejected"/> incident (key <c>token:whatsapp</c> for the national number,
/// <c>token:whatsapp:{institution id}</c> for an institution's own) and tell the operators. The first call Meta accepts
/// again for that number resolves both.
/// </summary>
public sealed class WhatsAppTokenHealth(ICredentialsMonitor credentials, ILogger<WhatsAppTokenHealth> log)
{
    /// <summary>The platform name the national number's incident is kept under.</summary>
    public const string Platform = "whatsapp";

    public const string IncidentKey = "token:" + Platform;

    /// <summary>The refused numbers' reasons, by account.</summary>
    private readonly ConcurrentDictionary<string, string> _rejected = new(StringComparer.Ordinal);

    /// <summary><c>whatsapp</c> for the national number, <c>whatsapp:{institution}</c> for an institution's own (<c>token:whatsapp:kemensos</c>).</summary>
    public static string PlatformOf(string account) => CredentialIncidents.PlatformOf(Platform, account);

    public bool Rejected => !_rejected.IsEmpty;

    /// <summary>Whether Meta refuses the token of <paramref name="account"/>'s number.</summary>
    public bool IsRejected(string account) => _rejected.ContainsKey(account);

    /// <summary>Each refused number and Meta's reason, for <c>/healthz</c>.</summary>
    public string? Reason => _rejected.IsEmpty
        ? null
        : string.Join("; ", _rejected.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key.Length == 0 ? "national number" : r.Key + "'s number") + ": " + r.Value));

    /// <summary>
    /// Meta refused <paramref name="number"/>'s token (190). Logs the first time only; the latest reason is kept for
    /// <c>/healthz</c>.
    /// </summary>
    public async Task RejectedAsync(WhatsAppNumber number, string reason, CancellationToken ct)
    {
        // One write; the factory called last is the one whose result was stored, so exactly one caller sees "first".
        var first = false;
        _rejected.AddOrUpdate(
            number.Account,
            _ =>
            {
                first = true;
                return reason;
            },
            (_, _) =>
            {
                first = false;
                return reason;
            });
        if (first)
        {
            log.LogCritical("WhatsApp stopped on {Number}: Meta rejected its access token ({Reason}). Its deliveries wait until a valid token is configured", number.ToString(), reason);
        }

        // Told every time, as AcceptedAsync is: the monitor writes only on a change, and writes again the verdict it
        // could not write (a database that refused the first time), which a "first time only" here would never retell.
        await credentials.RejectedAsync(PlatformOf(number.Account), $"Meta rejected the access token of {number}: {reason}", ct);
    }

    /// <summary>Meta accepted a call of <paramref name="number"/>: if its token had been refused, it runs again and the incident is resolved.</summary>
    public async Task AcceptedAsync(WhatsAppNumber number, CancellationToken ct)
    {
        // Told every time (the monitor writes only on a change): an incident a previous run left open resolves too.
        await credentials.AcceptedAsync(PlatformOf(number.Account), ct);
        if (_rejected.TryRemove(number.Account, out _))
        {
            log.LogWarning("WhatsApp runs again on {Number}: Meta accepts its access token", number.ToString());
        }
    }
}

/// <summary>The <c>whatsapp</c> entry of <c>/healthz</c>: degraded while Meta refuses a number's token.</summary>
public sealed class WhatsAppHealthCheck(WhatsAppTokenHealth token) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(token.Rejected
            ? HealthCheckResult.Degraded("WhatsApp stopped: the access token was rejected (" + token.Reason + ")")
            : HealthCheckResult.Healthy("WhatsApp token accepted or not yet used"));
}
