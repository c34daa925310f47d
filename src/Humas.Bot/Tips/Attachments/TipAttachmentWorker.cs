using Humas.Bot.Tips.Flow;

namespace Humas.Bot.Tips.Attachments;

/// <summary>Runs the attachment fetcher when a tip is sent (signal) or every few seconds for retries, and tidies expired drafts.</summary>
public sealed class TipAttachmentWorker(
    TipAttachmentFetchService fetch, TipDraftJanitor janitor, TipWorkSignal signal, TimeProvider time, ILogger<TipAttachmentWorker> log) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await fetch.ProcessDueAsync(stoppingToken) > 0)
                {
                }

                await janitor.DeleteExpiredAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Rows stay Pending and are picked up on the next round.
                log.LogError(e, "Tip attachment round failed; retrying");
            }

            try
            {
                await signal.WaitAsync(Poll, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
