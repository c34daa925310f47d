using Humas.Bot.Subscriptions;

namespace Humas.Bot.Alerts;

/// <summary>What is said about an incident, channel-neutral. <see cref="Link"/> is the dashboard's incidents page when a public URL is known.</summary>
public sealed record AlertMessage(long IncidentId, IncidentKind Kind, AlertEvent Event, string? InstitutionId, string Summary, DateTime OpenedAt, DateTime? ResolvedAt, string? Link);

/// <summary>Who an alert is for: an institution's editors, or the operators.</summary>
public sealed record AlertRecipient(AlertAudience Audience, string? InstitutionId);

/// <summary>
/// A channel's side of alerts: which of its chats an audience is (the institution's editors' chat, the operators'
/// chat of <c>Alerts:Telegram:ChatId</c>, <c>Alerts:Teams:ConversationId</c>, <c>Alerts:WhatsApp:Number</c>). One
/// implementation per channel, in the channel's folder. The core hands each notification to the notice outbox for
/// every chat the channels name, so it goes out through the channel gateway and is retried like a delivery.
/// </summary>
public interface IAlertDelivery
{
    /// <summary>The chats of this channel that <paramref name="recipient"/> reads; empty when the channel is off or has none configured.</summary>
    IReadOnlyList<ConversationAddress> ChatsFor(AlertRecipient recipient);
}

/// <summary>
/// What every channel's alert chats share: nothing while the channel is off; an institution's editors read its
/// alerts in their editors' chats (<see cref="IInstitutionEditorsChats.Of"/>); the operators in the channel's one
/// operators' chat. A channel names only whether it is on and that chat.
/// </summary>
public abstract class AlertChats(IInstitutionEditorsChats editors) : IAlertDelivery
{
    protected abstract bool Enabled { get; }

    /// <summary>The operators' chat on this channel (<c>Alerts:&lt;Channel&gt;:...</c>); null when none is configured.</summary>
    protected abstract ConversationAddress? OperatorsChat { get; }

    public IReadOnlyList<ConversationAddress> ChatsFor(AlertRecipient recipient) =>
        !Enabled ? []
        : recipient.Audience != AlertAudience.Operators ? editors.Of(recipient.InstitutionId)
        : OperatorsChat is { } chat ? [chat] : [];
}
