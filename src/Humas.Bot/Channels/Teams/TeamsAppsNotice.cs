using Humas.Bot.Channels.Teams.Auth;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams;

/// <summary>
/// One start-up line per configured Teams app, as each Telegram bot and WhatsApp number says it is ready, so an operator
/// sees which apps this instance answers, whose they are and where Azure must post them. Never the secret: only
/// whether the app's tenant is its own or the national one, and the limits it sends within.
/// </summary>
internal sealed partial class TeamsAppsNotice(TeamsApps apps, IOptionsMonitor<TeamsOptions> options, ILogger<TeamsAppsNotice> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        foreach (var app in apps.All)
        {
            Ready(
                log,
                app.AppId,
                app.IsShared ? "national" : app.Account,
                app.Path,
                app.TenantId.Length == 0 ? "(multi-tenant)" : app.TenantId,
                app.IsShared || app.TenantId != o.TenantId ? "its own" : "the national one",
                o.TenantPerSecond);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Teams app {AppId} ({Institution}) ready: messaging endpoint {Path}, tenant {TenantId} ({Tenant}), {TenantPerSecond}/s per tenant")]
    private static partial void Ready(ILogger log, string appId, string institution, string path, string tenantId, string tenant, int tenantPerSecond);
}

/// <summary>The <c>teams</c> entry of <c>/healthz</c>: degraded while the token endpoint refuses an app's credentials, naming the apps.</summary>
public sealed class TeamsHealthCheck(ConnectorTokenProvider tokens) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(tokens.Rejected is { } reason
            ? HealthCheckResult.Degraded("Teams stopped on an app: its credentials were refused (" + reason + ")")
            : HealthCheckResult.Healthy("Teams credentials accepted or not yet used"));
}
