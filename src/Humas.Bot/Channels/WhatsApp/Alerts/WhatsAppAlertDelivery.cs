using Humas.Bot.Alerts;
using Humas.Bot.Channels.WhatsApp.Tips;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp.Alerts;

/// <summary><c>Alerts:WhatsApp</c>: the operators' WhatsApp number.</summary>
public sealed class WhatsAppAlertOptions
{
    public const string Section = "Alerts:WhatsApp";

    /// <summary>
    /// The operators' number (digits, with country code); empty = operators get no alerts on WhatsApp. Free-form
    /// messages reach it only inside its 24-hour window, as for the editors' number.
    /// </summary>
    public string? Number { get; set; }
}

/// <summary>WhatsApp's alert chats: the institution's editors' number and <c>Alerts:WhatsApp:Number</c>; none while WhatsApp is off.</summary>
public sealed class WhatsAppAlertDelivery(
    IOptionsMonitor<WhatsAppOptions> whatsApp, IOptionsMonitor<WhatsAppAlertOptions> options, WhatsAppEditorsChats editors) : AlertChats(editors)
{
    protected override bool Enabled => whatsApp.CurrentValue.Enabled;

    protected override ConversationAddress? OperatorsChat =>
        options.CurrentValue.Number is { Length: > 0 } number
            ? new ConversationAddress(WhatsAppDeliveryChannel.ChannelName, number.TrimStart('+'), ConversationKind.Private)
            : null;
}
