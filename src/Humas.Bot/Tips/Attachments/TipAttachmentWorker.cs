using Humas.Bot.Host;
using Humas.Bot.Storage.Cluster;
using Humas.Bot.Tips.Flow;

namespace Humas.Bot.Tips.Attachments;

/// <summary>
/// Sends the bundles whose quiet period is over, runs the attachment fetcher when a tip is sent (signal) or every
/// few seconds for retries, and tidies expired drafts. The three steps run every round whatever the others do; what a failed
/// step left (Pending rows, due bundles) is picked up on the next round.
/// </summary>
public sealed class TipAttachmentWorker(
    TipAttachmentFetchService fetch, TipBundles bundles, TipDraftJanitor janitor, TipWorkSignal signal, ILeadership leadership, TimeProvider time, ILogger<TipAttachmentWorker> log)
    : RecurringWorker(time, log)
{
    /// <summary>One instance fetches attachments (the fetch service takes no lease of its own).</summary>
    protected override ILeadership Leadership => leadership;

    private readonly TimeProvider _time = time;
    private readonly ILogger<TipAttachmentWorker> _log = log;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected override string Activity => "Tip attachment round";

    /// <summary>One round; public so tests run it without the loop and its leadership.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        // Bundles first, so a bundle's files are fetched in the same round. Each step stands alone: a step that keeps
        // failing (its database query, one bad row it cannot get past) would otherwise hold up the steps after it at
        // every round, the draft clean-up never running behind a fetch that always throws.
        await StepAsync("bundles", bundles.SendDueAsync, cancellationToken);
        await StepAsync("fetch", async ct =>
        {
            while (await fetch.ProcessDueAsync(ct) > 0)
            {
            }
        }, cancellationToken);
        await StepAsync("janitor", janitor.DeleteExpiredAsync, cancellationToken);
    }

    /// <summary>Runs one step; its failure is logged and the round goes on. Only the round's cancellation ends the round.</summary>
    private async Task StepAsync(string step, Func<CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        try
        {
            await run(cancellationToken);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // What the step had not done stays in the database (Pending rows, due bundles, old drafts): the next round tries it.
            _log.LogError(e, "Tip attachment round: the {Step} step failed; the round goes on with the other steps", step);
        }
    }

    protected override Task WaitAsync(CancellationToken cancellationToken) => signal.WaitAsync(Interval, _time, cancellationToken);
}
