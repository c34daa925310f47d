using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Subscriptions;

public enum ConversationStatus
{
    Active,

    /// <summary>The reader blocked the bot or the platform says the chat is gone; nothing is sent.</summary>
    Blocked,

    /// <summary>The bot left or was removed, or the reader unsubscribed from everything.</summary>
    Left,
}

/// <summary>How a conversation receives what it follows. One setting per conversation, not per subscription,
/// so an article matching two subscriptions is delivered once, one way.</summary>
public enum DeliveryMode
{
    Instant,
    DailyDigest,
    WeeklyDigest,
}

/// <summary>
/// A place the bot writes to: a Telegram chat, a Teams conversation, a web visitor. Quiet hours and the
/// digest hour are in Asia/Jakarta time (UTC+7, no daylight saving) as minutes/hours of the local day.
/// </summary>
public sealed class Conversation
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string ExternalId { get; set; }
    public ConversationKind Kind { get; set; }
    public string Language { get; set; } = "id";
    public ConversationStatus Status { get; set; }
    public string? StatusReason { get; set; }
    public string? Title { get; set; }
    public DeliveryMode DeliveryMode { get; set; }

    /// <summary>Local hour (0-23) at which a digest goes out.</summary>
    public int DigestHour { get; set; } = 7;

    /// <summary>Day of a weekly digest.</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;

    /// <summary>The scheduled time the last digest covered up to; articles after it go in the next one.</summary>
    public DateTime? LastDigestAt { get; set; }

    /// <summary>Quiet hours as local minutes of the day; both null = off. Start after end wraps midnight.</summary>
    public int? QuietStartMinute { get; set; }
    public int? QuietEndMinute { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// What the channel needs beyond the id to reach the conversation (see <see cref="ConversationAddress.ChannelData"/>);
    /// opaque to the core. Declared last: the column was added last, and the model's column order follows this.
    /// </summary>
    public string? ChannelData { get; set; }

    /// <summary>The channel's account the conversation is held with (<see cref="ConversationAddress.Account"/>): "" = the shared one. Declared last, as its column was added.</summary>
    public string Account { get; set; } = ConversationAddress.SharedAccount;

    /// <summary>
    /// The person behind a private conversation where the channel's accounts give one person different ids (<see cref="ConversationAddress.PersonId"/>:
    /// Teams' Entra object id); null where <see cref="ExternalId"/> already names the person. Declared last, as its column was added.
    /// </summary>
    public string? PersonId { get; set; }

    public ConversationAddress Address => new(Channel, ExternalId, Kind, ChannelData) { Account = Account, PersonId = PersonId };
}
