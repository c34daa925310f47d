using Humas.Bot.Host;
using Humas.Bot.Storage.Cluster;

namespace Humas.Bot.Delivery.Digests;

/// <summary>Checks for due digests every minute; digest hours are whole hours, so a minute is early enough.</summary>
public sealed class DigestService(DigestPlanner planner, ILeadership leadership, TimeProvider time, ILogger<DigestService> log)
    : RecurringWorker(time, log)
{
    /// <summary>One instance plans digests: digest parts have no natural key that would make a second planner harmless.</summary>
    protected override ILeadership Leadership => leadership;

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    protected override string Activity => "Digest planning";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => planner.PlanDueAsync(cancellationToken);
}
