using Humas.Bot.Delivery.Channels;
using Humas.Bot.Tips.Queue;
using Microsoft.Extensions.Options;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Teams.Tips;

/// <summary><c>Teams:EditorsConversationId</c> (with <c>Teams:EditorsServiceUrl</c>), the editors' Teams channel; none while Teams is off.</summary>
public sealed class TeamsEditorsChat(IOptionsMonitor<TeamsOptions> options) : ITipEditorsChat
{
    public ConversationAddress? Address => options.CurrentValue is { Enabled: true, EditorsConversationId: { Length: > 0 } id } o
        ? new ConversationAddress(TeamsDeliveryChannel.ChannelName, id, ConversationKind.Channel,
            new TeamsReference(o.EditorsServiceUrl, string.IsNullOrEmpty(o.TenantId) ? null : o.TenantId).ToChannelData())
        : null;

    /// <summary>The editors' channel, any thread of it (a thread's ";messageid=" is not part of the stored id).</summary>
    public bool Is(ConversationAddress at) =>
        options.CurrentValue.EditorsConversationId is { Length: > 0 } id && at.Channel == TeamsDeliveryChannel.ChannelName && at.ExternalId == id;
}
