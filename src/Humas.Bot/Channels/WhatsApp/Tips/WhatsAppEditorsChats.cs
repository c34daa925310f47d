using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp.Tips;

/// <summary>
/// The editors' phones on WhatsApp: the institution's own for its items (set on the dashboard, seeded from
/// <c>Institutions:N:WhatsApp:EditorsNumber</c>: <see cref="InstitutionChatMap"/>), else
/// <c>WhatsApp:EditorsNumber</c>; they receive new tips with Terima / Tolak / Balas as reply buttons; none while
/// WhatsApp is off. Free-form messages reach a phone only inside its 24-hour window (it must have written first):
/// outside it Meta refuses them and the tip waits on the dashboard. An institution's own editors' phone is reached
/// through the institution's own number when it has one (<c>Institutions:N:WhatsApp:PhoneNumberId</c>), so the editors
/// open its window by writing to that number; the global phone, and an institution's phone while it has no number of
/// its own, through the national number.
/// </summary>
public sealed class WhatsAppEditorsChats(IOptionsMonitor<WhatsAppOptions> options, InstitutionChatMap institutions, WhatsAppNumbers numbers)
    : InstitutionEditorsChats
{
    public override string Channel => WhatsAppDeliveryChannel.ChannelName;

    protected override bool Enabled => options.CurrentValue.Enabled;

    protected override ConversationAddress? Global => options.CurrentValue is { EditorsNumber: { Length: > 0 } number } ? Phone(number) : null;

    protected override IEnumerable<(string InstitutionId, ConversationAddress Chat)> Own =>
        institutions.Of(Channel)
            .Where(i => i[WhatsAppChatFields.EditorsNumber] is not null)
            .Select(i => (i.InstitutionId, Phone(i[WhatsAppChatFields.EditorsNumber]!) with { Account = numbers.Find(i.InstitutionId)?.Account ?? ConversationAddress.SharedAccount }));

    /// <summary>A phone (through the national number); whichever number the editors press from, the phone is what counts.</summary>
    private static ConversationAddress Phone(string number) => new(WhatsAppDeliveryChannel.ChannelName, number, ConversationKind.Private);
}
