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
    string? ChannelData = null)
{
    /// <summary>The channel's shared account (the national bot).</summary>
    public const string SharedAccount = "";

    /// <summary>
    /// Which of the channel's accounts (bots, numbers, apps) the conversation is held with: <see cref="SharedAccount"/>
    /// for the channel's shared one, else the id of the institution that brought its own. The platform's ids are
    /// per account (Telegram's private chat id is the user's id for every bot), so one person has one conversation
    /// per account. The core reads it only as an institution id; the channel picks its client by it.
    /// </summary>
    public string Account { get; init; } = SharedAccount;

    /// <summary>
    /// The person behind a private conversation when the channel gives one person a different <see cref="ExternalId"/> in
    /// each account (Teams: each app its own chat id; the person's Entra object id is the same), so that an article reaches
    /// them once across accounts (the fan-out's once-per-person rule). Null where the id already names the person
    /// (Telegram's private chat id is the user's for every bot, WhatsApp's wa_id is the phone) and for groups.
    /// </summary>
    public string? PersonId { get; init; }
}
