using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Queue;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp.Tips;

/// <summary>
/// <c>WhatsApp:EditorsNumber</c>, the editors' phone that receives new tips with Terima / Tolak / Balas as reply
/// buttons; none while WhatsApp is off. Free-form messages reach it only inside its 24-hour window (it must have
/// written first): outside it Meta refuses them and the tip waits on the dashboard.
/// </summary>
public sealed class WhatsAppEditorsChat(IOptionsMonitor<WhatsAppOptions> options) : ITipEditorsChat
{
    public ConversationAddress? Address => options.CurrentValue is { Enabled: true, EditorsNumber: { Length: > 0 } number }
        ? new ConversationAddress(WhatsAppDeliveryChannel.ChannelName, number, ConversationKind.Private)
        : null;
}
