using Humas.Bot.Host;

namespace Humas.Bot.Delivery.Digests;

/// <summary>Checks for due digests every minute; digest hours are whole hours, so a minute is early enough.</summary>
public sealed class DigestService(DigestPlanner planner, TimeProvider time, ILogger<DigestService> log)
    : RecurringWorker(time, log)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    protected override string Activity => "Digest planning";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => planner.PlanDueAsync(cancellationToken);
}
