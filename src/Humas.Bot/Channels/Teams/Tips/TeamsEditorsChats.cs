using Humas.Bot.Delivery.Channels;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams.Tips;

/// <summary>
/// The editors' Teams channels: <c>Institutions:N:Teams:EditorsConversationId</c> for an institution's items, else
/// <c>Teams:EditorsConversationId</c> (each with its serviceUrl); none while Teams is off. A thread of a channel
/// counts as the channel (a thread's ";messageid=" is not part of the stored id).
/// </summary>
public sealed class TeamsEditorsChats(IOptionsMonitor<TeamsOptions> options, IOptionsMonitor<InstitutionChannelOptions<TeamsInstitutionSettings>> institutions) : InstitutionEditorsChats
{
    public override string Channel => TeamsDeliveryChannel.ChannelName;

    protected override bool Enabled => options.CurrentValue.Enabled;

    protected override ConversationAddress? Global => options.CurrentValue is { EditorsConversationId: { Length: > 0 } id } o
        ? Chat(o, id, o.EditorsServiceUrl)
        : null;

    protected override IEnumerable<(string InstitutionId, ConversationAddress Chat)> Own
    {
        get
        {
            var o = options.CurrentValue;
            return institutions.CurrentValue.Configured
                .Where(i => !string.IsNullOrEmpty(i.Settings.EditorsConversationId))
                .Select(i => (i.Id, Chat(o, i.Settings.EditorsConversationId!, string.IsNullOrEmpty(i.Settings.EditorsServiceUrl) ? o.EditorsServiceUrl : i.Settings.EditorsServiceUrl)));
        }
    }

    private static ConversationAddress Chat(TeamsOptions o, string id, string? serviceUrl) =>
        new(TeamsDeliveryChannel.ChannelName, id, ConversationKind.Channel,
            new TeamsReference(serviceUrl, string.IsNullOrEmpty(o.TenantId) ? null : o.TenantId).ToChannelData());
}
