using Humas.Bot.Host;
using Humas.Bot.Storage.Cluster;
using Humas.Bot.Tips.Flow;

namespace Humas.Bot.Tips.Attachments;

/// <summary>
/// Sends the bundles whose quiet period is over, runs the attachment fetcher when a tip is sent (signal) or every
/// few seconds for retries, and tidies expired drafts. Rows of a failed round stay Pending and are picked up on the next one.
/// </summary>
public sealed class TipAttachmentWorker(
    TipAttachmentFetchService fetch, TipBundles bundles, TipDraftJanitor janitor, TipWorkSignal signal, ILeadership leadership, TimeProvider time, ILogger<TipAttachmentWorker> log)
    : RecurringWorker(time, log)
{
    /// <summary>One instance fetches attachments (the fetch service takes no lease of its own).</summary>
    protected override ILeadership Leadership => leadership;

    private readonly TimeProvider _time = time;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected override string Activity => "Tip attachment round";

    /// <summary>One round; public so tests run it without the loop and its leadership.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        // First, so a bundle's files are fetched in the same round. A bundle that fails is handled there, so the
        // fetches and the clean-up below run whatever one bundle does.
        await bundles.SendDueAsync(cancellationToken);
        while (await fetch.ProcessDueAsync(cancellationToken) > 0)
        {
        }

        await janitor.DeleteExpiredAsync(cancellationToken);
    }

    protected override Task WaitAsync(CancellationToken cancellationToken) => signal.WaitAsync(Interval, _time, cancellationToken);
}
