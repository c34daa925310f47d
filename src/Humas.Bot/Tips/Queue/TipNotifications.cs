namespace Humas.Bot.Tips.Queue;

/// <summary>Routes notices to the channel notifiers; never throws, since the change is already committed.</summary>
public sealed class TipNotifications(IEnumerable<ITipNotifier> notifiers, ILogger<TipNotifications> log)
{
    public async Task ToEditorsAsync(TipEditorNotice notice, CancellationToken ct)
    {
        foreach (var notifier in notifiers)
        {
            await SafelyAsync(notifier, notice.Ticket, () => notifier.NotifyEditorsAsync(notice, ct));
        }
    }

    public async Task ToContributorAsync(TipContributorNotice notice, CancellationToken ct)
    {
        var notifier = notifiers.FirstOrDefault(n => string.Equals(n.Channel, notice.Channel, StringComparison.OrdinalIgnoreCase))
            ?? notifiers.FirstOrDefault(n => n.Channel == LoggingTipNotifier.Name);
        if (notifier is null)
        {
            log.LogWarning("Tip {Ticket}: no notifier for channel {Channel}", notice.Ticket, notice.Channel);
            return;
        }

        await SafelyAsync(notifier, notice.Ticket, () => notifier.NotifyContributorAsync(notice, ct));
    }

    private async Task SafelyAsync(ITipNotifier notifier, string ticket, Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Tip {Ticket}: the {Channel} notifier failed; the tip stays in the queue", ticket, notifier.Channel);
        }
    }
}
