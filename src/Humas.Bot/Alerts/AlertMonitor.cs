using Humas.Bot.Alerts.Detectors;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Alerts;

/// <summary>
/// One round of alerts: every detector looks, what it finds opens or goes on with an incident, what it no longer
/// finds is resolved, then due notifications are handed over. Every instance runs it; the database keeps each
/// incident and each notice single.
/// </summary>
public sealed partial class AlertMonitor(
    IDbContextFactory<HumasDbContext> factory,
    IEnumerable<IIncidentDetector> detectors,
    IncidentLog incidents,
    AlertNotifier notifier,
    TimeProvider time,
    ILogger<AlertMonitor> log)
{
    public async Task RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var detector in detectors)
        {
            try
            {
                IReadOnlyList<Finding> found;
                await using (var db = await factory.CreateDbContextAsync(ct))
                {
                    found = await detector.DetectAsync(db, now, ct);
                }

                foreach (var finding in found)
                {
                    await incidents.ObserveAsync(finding, now, ct);
                }

                var present = found.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
                foreach (var key in (await incidents.OpenKeysAsync(detector.Kind, ct)).Where(k => !present.Contains(k)))
                {
                    await incidents.ResolveAsync(key, now, ct);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // One detector's failure resolves nothing of its kind and stops no other detector.
                LogDetectorFailed(e, detector.Kind);
            }
        }

        await notifier.RunOnceAsync(now, ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert detector {Kind} failed")]
    private partial void LogDetectorFailed(Exception exception, IncidentKind kind);
}

/// <summary>Runs <see cref="AlertMonitor"/> every <c>Alerts:CheckSeconds</c> on <see cref="TimeProvider"/>.</summary>
public sealed partial class AlertMonitorService(AlertMonitor monitor, IOptionsMonitor<AlertsOptions> options, TimeProvider time, ILogger<AlertMonitorService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            LogOff();
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await monitor.RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(e);
            }

            try
            {
                await Task.Delay(options.CurrentValue.Check, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alerts are off (Alerts:Enabled is false): no detector runs")]
    private partial void LogOff();

    [LoggerMessage(Level = LogLevel.Error, Message = "An alerts round failed; the next one runs as scheduled")]
    private partial void LogRoundFailed(Exception exception);
}
