using Humas.Bot.Delivery.Channels;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams.Tips;

/// <summary>
/// The editors' Teams channels: the institution's own channel for its items (set on the dashboard, seeded from
/// <c>Institutions:N:Teams:EditorsConversationId</c>: <see cref="InstitutionChatMap"/>), else
/// <c>Teams:EditorsConversationId</c> (each with its serviceUrl); none while Teams is off. A thread of a channel
/// counts as the channel (a thread's ";messageid=" is not part of the stored id). An institution's own editors' channel
/// is reached through the institution's own app when it has one (<c>Institutions:N:Teams:AppId</c>), which must then be
/// installed in that team (an app posts only where it is installed); the global channel, and an institution's channel
/// while it has no app of its own, through the national app. Whichever app the editors press from, the channel is what counts.
/// </summary>
public sealed class TeamsEditorsChats(IOptionsMonitor<TeamsOptions> options, InstitutionChatMap institutions, TeamsApps apps) : InstitutionEditorsChats
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
                .Select(i => (i.InstitutionId, Chat(o, i[TeamsChatFields.EditorsConversationId]!, i[TeamsChatFields.EditorsServiceUrl] ?? o.EditorsServiceUrl, apps.Find(i.InstitutionId))));
        }
    }

    /// <summary>The channel, held with <paramref name="app"/> (the national app when null), in that app's tenant.</summary>
    private static ConversationAddress Chat(TeamsOptions o, string id, string? serviceUrl, TeamsApp? app = null)
    {
        var tenant = app?.TenantId ?? o.TenantId;
        return new(TeamsDeliveryChannel.ChannelName, id, ConversationKind.Channel,
            new TeamsReference(serviceUrl, string.IsNullOrEmpty(tenant) ? null : tenant).ToChannelData())
        {
            Account = app?.Account ?? ConversationAddress.SharedAccount,
        };
    }
}
