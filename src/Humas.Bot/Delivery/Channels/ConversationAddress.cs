namespace Humas.Bot.Delivery.Channels;

public enum ConversationKind
{
    Private,
    Group,
    Channel,
}

/// <summary>
/// Where a message goes, in the platform's own terms. <paramref name="ExternalId"/> is the platform's id as
/// text (a Telegram chat id, a Teams conversation id). <paramref name="TenantId"/> and
/// <paramref name="ServiceUrl"/> are what Teams needs for a proactive message and for its per-tenant
/// limit; other channels leave them empty.
/// </summary>
public sealed record ConversationAddress(
    string Channel,
    string ExternalId,
    ConversationKind Kind,
    string? TenantId = null,
    string? ServiceUrl = null);
