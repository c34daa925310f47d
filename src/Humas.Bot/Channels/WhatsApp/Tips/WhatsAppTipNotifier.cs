using Humas.Bot.Channels.WhatsApp.CloudApi;
using Humas.Bot.Tips.Queue;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp.Tips;

/// <summary>
/// The ticket and every status change go back to the contributor as text; new tips go to the editors' phone
/// (<see cref="WhatsAppOptions.EditorsNumber"/>) as text, and the editors act in the dashboard. Free-form text
/// reaches a phone only inside its 24-hour window, so outside it Meta refuses (131047) and the failure is
/// logged; the tip stays in the dashboard's queue either way.
/// </summary>
public sealed class WhatsAppTipNotifier(WhatsAppCloudApi api, IOptionsMonitor<WhatsAppOptions> options) : ITipNotifier
{
    public string Channel => WhatsAppDeliveryChannel.ChannelName;

    public async Task NotifyEditorsAsync(TipEditorNotice notice, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        if (!o.Enabled || string.IsNullOrEmpty(o.EditorsNumber) || notice.Kind is not (TipNoticeKind.NewTip or TipNoticeKind.ContributorMessage))
        {
            return;
        }

        await api.SendAsync(WhatsAppMessageFormatter.Text(o.EditorsNumber, notice.Text), cancellationToken);
    }

    public async Task NotifyContributorAsync(TipContributorNotice notice, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            return;
        }

        await api.SendAsync(WhatsAppMessageFormatter.Text(notice.ConversationExternalId, notice.Text), cancellationToken);
    }
}
