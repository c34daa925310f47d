using Humas.Bot.Host;
using Humas.Bot.Storage.Cluster;

namespace Humas.Bot.Feedback.Refresh;

/// <summary>Runs <see cref="CounterRefresher"/> every second; the due marks live in the database, so a restart resumes them.</summary>
public sealed class CounterRefreshService(CounterRefresher refresher, ILeadership leadership, TimeProvider time, ILogger<CounterRefreshService> log)
    : RecurringWorker(time, log)
{
    /// <summary>One instance refreshes counters, so two never edit the same message for the same votes.</summary>
    protected override ILeadership Leadership => leadership;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override string Activity => "Counter refresh";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => refresher.RunOnceAsync(cancellationToken);
}
