namespace Humas.Bot.Subscriptions;

public enum ConversationKind
{
    Private,
    Group,
    Channel,
}

/// <summary>
/// Where a message goes. <paramref name="ExternalId"/> is the platform's id as text (a Telegram chat id, a
/// Teams conversation id). <paramref name="ChannelData"/> is whatever else the channel needs to reach it
/// (Teams: its serviceUrl and tenant), written and read only by that channel: the core stores and passes it
/// on, never looks inside.
/// </summary>
public sealed record ConversationAddress(
    string Channel,
    string ExternalId,
    ConversationKind Kind,
    string? ChannelData = null);
