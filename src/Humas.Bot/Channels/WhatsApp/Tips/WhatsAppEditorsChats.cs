using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp.Tips;

/// <summary>
/// The editors' phones on WhatsApp: the institution's own for its items (set on the dashboard, seeded from
/// <c>Institutions:N:WhatsApp:EditorsNumber</c>: <see cref="InstitutionChatMap"/>), else
/// <c>WhatsApp:EditorsNumber</c>; they receive new tips with Terima / Tolak / Balas as reply buttons; none while
/// WhatsApp is off. Free-form messages reach a phone only inside its 24-hour window (it must have written first):
/// outside it Meta refuses them and the tip waits on the dashboard.
/// </summary>
public sealed class WhatsAppEditorsChats(IOptionsMonitor<WhatsAppOptions> options, InstitutionChatMap institutions) : InstitutionEditorsChats
{
    public override string Channel => WhatsAppDeliveryChannel.ChannelName;

    protected override bool Enabled => options.CurrentValue.Enabled;

    protected override ConversationAddress? Global => options.CurrentValue is { EditorsNumber: { Length: > 0 } number } ? Phone(number) : null;

    protected override IEnumerable<(string InstitutionId, ConversationAddress Chat)> Own =>
        institutions.Of(Channel)
            .Where(i => i[WhatsAppChatFields.EditorsNumber] is not null)
            .Select(i => (i.InstitutionId, Phone(i[WhatsAppChatFields.EditorsNumber]!)));

    private static ConversationAddress Phone(string number) => new(WhatsAppDeliveryChannel.ChannelName, number, ConversationKind.Private);
}
