using Humas.Bot.Delivery.Channels;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams.Tips;

/// <summary>
/// The editors' Teams channels: the institution's own channel for its items (set on the dashboard, seeded from
/// <c>Institutions:N:Teams:EditorsConversationId</c>: <see cref="InstitutionChatMap"/>), else
/// <c>Teams:EditorsConversationId</c> (each with its serviceUrl); none while Teams is off. A thread of a channel
/// counts as the channel (a thread's ";messageid=" is not part of the stored id).
/// </summary>
public sealed class TeamsEditorsChats(IOptionsMonitor<TeamsOptions> options, InstitutionChatMap institutions) : InstitutionEditorsChats
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
            return institutions.Of(Channel)
                .Where(i => i[TeamsChatFields.EditorsConversationId] is not null)
                .Select(i => (i.InstitutionId, Chat(o, i[TeamsChatFields.EditorsConversationId]!, i[TeamsChatFields.EditorsServiceUrl] ?? o.EditorsServiceUrl)));
        }
    }

    private static ConversationAddress Chat(TeamsOptions o, string id, string? serviceUrl) =>
        new(TeamsDeliveryChannel.ChannelName, id, ConversationKind.Channel,
            new TeamsReference(serviceUrl, string.IsNullOrEmpty(o.TenantId) ? null : o.TenantId).ToChannelData());
}
