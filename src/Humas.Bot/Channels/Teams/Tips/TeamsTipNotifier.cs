using Humas.Bot.Channels.Teams.Activities;
using Humas.Bot.Channels.Teams.Cards;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams.Tips;

/// <summary>
/// Tips' notices in Teams: new tips and contributors' answers as a card with Terima / Tolak / Balas to the
/// editors' channel (<c>Teams:EditorsConversationId</c>; nothing when empty), decisions and editors'
/// messages as text to the contributor's personal chat, through its stored serviceUrl. A failure is logged
/// and the tip stays in the queue.
/// </summary>
public sealed class TeamsTipNotifier(
    ConnectorClient connector,
    TeamsCardBuilder cards,
    IOptionsMonitor<TeamsOptions> options,
    IDbContextFactory<HumasDbContext> factory,
    ILogger<TeamsTipNotifier> log) : ITipNotifier
{
    public string Channel => TeamsConversations.Channel;

    public async Task NotifyEditorsAsync(TipEditorNotice notice, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        if (!o.Enabled || string.IsNullOrEmpty(o.EditorsConversationId))
        {
            log.LogDebug("Tip {Ticket}: no Teams:EditorsConversationId, the editors' notice stays on the dashboard", notice.Ticket);
            return;
        }

        await SendAsync(o.EditorsServiceUrl, o.EditorsConversationId, Activity.FromCard(cards.EditorsNotice(notice)), notice.Ticket, "editors", cancellationToken);
    }

    public async Task NotifyContributorAsync(TipContributorNotice notice, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            log.LogWarning("Tip {Ticket}: {NoticeKind} for Teams user {UserExternalId} not sent, Teams is off (Teams:AppId is empty)",
                notice.Ticket, notice.Kind, notice.UserExternalId);
            return;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var serviceUrl = await db.Set<Conversation>().AsNoTracking()
            .Where(c => c.Channel == Channel && c.ExternalId == notice.ConversationExternalId)
            .Select(c => c.ServiceUrl).FirstOrDefaultAsync(cancellationToken);
        await SendAsync(serviceUrl, notice.ConversationExternalId, Activity.FromText(notice.Text), notice.Ticket, "contributor", cancellationToken);
    }

    private async Task SendAsync(string? serviceUrl, string conversationId, Activity activity, string ticket, string to, CancellationToken ct)
    {
        try
        {
            await connector.SendAsync(serviceUrl, conversationId, activity, ct);
        }
        catch (Exception e) when (e is TeamsConnectorException or TeamsTokenException or HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            log.LogWarning("Tip {Ticket}: the Teams notice to the {Recipient} ({ConversationId}) failed: {Error}; the tip stays in the queue",
                ticket, to, conversationId, e.Message);
        }
    }
}
