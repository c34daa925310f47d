using Humas.Bot.Host;

namespace Humas.Bot.Delivery.Operations;

/// <summary>
/// Runs due recall and correction jobs in every instance (each job is claimed by one): polls, because a job may be
/// requested in another instance, and is woken at once by a request in this one (<see cref="ArticleJobWake"/>).
/// </summary>
public sealed class ArticleJobService(ArticleJobRunner runner, ArticleJobWake wake, TimeProvider time, ILogger<ArticleJobService> log)
    : RecurringWorker(time, log)
{
    private readonly TimeProvider _time = time;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(2);

    protected override string Activity => "Recall/correction jobs";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        while (await runner.RunOnceAsync(cancellationToken))
        {
            // One job after another while any is due.
        }
    }

    protected override Task WaitAsync(CancellationToken cancellationToken) => wake.WaitAsync(Interval, _time, cancellationToken);
}
