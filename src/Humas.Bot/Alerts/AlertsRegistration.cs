using Humas.Bot.Alerts.Detectors;
using Humas.Bot.Host;

namespace Humas.Bot.Alerts;

public static class AlertsRegistration
{
    /// <summary>
    /// Alerts to a person: the detectors (sources, broadcasts, disk, database), the incident log the channels report
    /// refused credentials to, and the loop that opens, resolves and tells. The chats are the channels' (each
    /// registers its <see cref="IAlertDelivery"/>); the notices go out through the delivery outbox (AddDelivery).
    /// </summary>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions(AlertsOptions.Section, new AlertsOptionsValidator());
        services.AddSingleton<IIncidentDetector, SourceFailingDetector>();
        services.AddSingleton<IIncidentDetector, BroadcastStalledDetector>();
        services.AddSingleton<IIncidentDetector, BroadcastGaveUpDetector>();
        services.AddSingleton<IIncidentDetector, DiskLowDetector>();
        services.AddSingleton<IIncidentDetector, DatabaseLargeDetector>();
        services.AddSingleton<IncidentLog>();
        services.AddSingleton<CredentialIncidents>();
        services.AddSingleton<ICredentialsMonitor>(sp => sp.GetRequiredService<CredentialIncidents>());
        services.AddSingleton<AlertComposer>();
        services.AddSingleton<AlertNotifier>();
        services.AddSingleton<AlertMonitor>();
        services.AddSingleton<IncidentList>();
        services.AddHostedService<AlertMonitorService>();
        return builder;
    }
}
