namespace Humas.Bot.Tips.Queue;

/// <summary>
/// The default notifier: writes what would be sent to the log, so tips work (dashboard-only) before any
/// channel notifier exists, and a contributor on a channel without a notifier is visible in the logs.
/// </summary>
public sealed class LoggingTipNotifier(ILogger<LoggingTipNotifier> log) : ITipNotifier
{
    public const string Name = "log";

    public string Channel => Name;

    public Task NotifyEditorsAsync(TipEditorNotice notice, CancellationToken cancellationToken)
    {
        log.LogInformation("Tip {Ticket} ({TipId}) for the editors: {NoticeKind}", notice.Ticket, notice.TipId, notice.Kind);
        return Task.CompletedTask;
    }

    public Task NotifyContributorAsync(TipContributorNotice notice, CancellationToken cancellationToken)
    {
        log.LogInformation("Tip {Ticket} ({TipId}): {NoticeKind} for {Channel} user {UserExternalId} not sent, no notifier for the channel",
            notice.Ticket, notice.TipId, notice.Kind, notice.Channel, notice.UserExternalId);
        return Task.CompletedTask;
    }
}
