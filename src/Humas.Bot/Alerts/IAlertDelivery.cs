namespace Humas.Bot.Alerts;

/// <summary>What is said about an incident, channel-neutral. <see cref="Link"/> is the dashboard's incidents page when a public URL is known.</summary>
public sealed record AlertMessage(long IncidentId, IncidentKind Kind, AlertEvent Event, string? InstitutionId, string Summary, DateTime OpenedAt, DateTime? ResolvedAt, string? Link);

/// <summary>Who an alert is for: an institution's editors, or the operators.</summary>
public sealed record AlertRecipient(AlertAudience Audience, string? InstitutionId);

/// <summary>
/// Where the alerts' outbox hands each notification. The seam point towards the chats: today the one
/// implementation writes it to the log (<see cref="LogAlertDelivery"/>); once the channel gateway carries
/// durable notices, the channels' implementation sends it to the institution's editors' chats and the operators'
/// chat (<c>Alerts:Telegram:ChatId</c>, <c>Alerts:Teams:...</c>) through it.
/// </summary>
public interface IAlertDelivery
{
    /// <summary>Throws to have the notification retried; returns normally once it was handed over.</summary>
    Task DeliverAsync(AlertRecipient recipient, AlertMessage message, CancellationToken cancellationToken);
}
