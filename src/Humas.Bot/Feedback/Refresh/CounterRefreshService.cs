using Humas.Bot.Host;

namespace Humas.Bot.Feedback.Refresh;

/// <summary>Runs <see cref="CounterRefresher"/> every second; the due marks live in the database, so a restart resumes them.</summary>
public sealed class CounterRefreshService(CounterRefresher refresher, TimeProvider time, ILogger<CounterRefreshService> log)
    : RecurringWorker(time, log)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override string Activity => "Counter refresh";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => refresher.RunOnceAsync(cancellationToken);
}
