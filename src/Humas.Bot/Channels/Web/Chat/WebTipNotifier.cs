using Humas.Bot.Tips.Queue;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>
/// Tips' notices for web visitors: decisions and editors' messages land in the visitor's chat (stored, so a
/// closed page sees them when reopened). The web has no editors' chat: editors work on the dashboard.
/// </summary>
public sealed class WebTipNotifier(WebInbox inbox) : ITipNotifier
{
    public string Channel => WebDeliveryChannel.ChannelName;

    public Task NotifyEditorsAsync(TipEditorNotice notice, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task NotifyContributorAsync(TipContributorNotice notice, CancellationToken cancellationToken) =>
        await inbox.AppendAsync(notice.ConversationExternalId, new WebMessageView("text", notice.Text), cancellationToken);
}
