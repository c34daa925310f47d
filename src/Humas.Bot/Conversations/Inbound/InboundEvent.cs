using Humas.Bot.Subscriptions;

namespace Humas.Bot.Conversations.Inbound;

/// <summary>Who did something, in the channel's own ids: stable per person on that channel.</summary>
/// <param name="UserId">The person (Telegram user id, Teams' Entra object id, the web visitor id).</param>
/// <param name="DisplayName">The name people see, when the channel gives one.</param>
/// <param name="Language">The client's language hint ("id", "en-US"...); normalised by the router.</param>
public sealed record Sender(string UserId, string? DisplayName, string? Language)
{
    /// <summary>A handle that tells two people of one name apart (Telegram's @username), when there is one.</summary>
    public string? Handle { get; init; }

    /// <summary>The id the platform's member look-up takes, where it differs from <see cref="UserId"/> (Teams' 29: id).</summary>
    public string? MemberId { get; init; }

    /// <summary>Spoke as the group itself (an anonymous admin): nobody to ask whether they may manage it.</summary>
    public bool Anonymous { get; init; }

    /// <summary>"Sari Dewi (@sari)": how editors know each other in notes and audit lines.</summary>
    public string Name => Handle is { Length: > 0 } handle ? $"{DisplayName ?? UserId} (@{handle})" : DisplayName ?? UserId;
}

/// <summary>
/// What a reader or editor did on a channel, in the core's words. Each adapter maps its wire format to one
/// of these closed records and hands it to <see cref="InboundRouter"/>; nothing here names a platform.
/// </summary>
/// <param name="Conversation">Where it happened (the stored conversation's address).</param>
/// <param name="From">Who did it.</param>
/// <param name="MessageId">The platform's id of the message (or of the message the button is under); null when there is none.</param>
public abstract record InboundEvent(ConversationAddress Conversation, Sender From, string? MessageId)
{
    /// <summary>Where replies go when not to <see cref="Conversation"/> itself (a reply in a channel post's thread).</summary>
    public ConversationAddress? ReplyTo { get; init; }

    /// <summary>The conversation's title, for a conversation seen for the first time.</summary>
    public string? Title { get; init; }
}

/// <summary>"/word argument": <paramref name="Word"/> as typed (either language), without the slash or an addressee.</summary>
public sealed record CommandReceived(ConversationAddress Conversation, Sender From, string? MessageId, string Word, string Argument)
    : InboundEvent(Conversation, From, MessageId);

/// <summary>A message the bot wrote that this one answers (quotes): its id, its text when the platform gives it, and whether the bot wrote it.</summary>
public sealed record QuotedMessage(string MessageId, string? Text, bool FromBot);

/// <summary>Typed text that is not a command.</summary>
public sealed record TextReceived(ConversationAddress Conversation, Sender From, string? MessageId, string Text)
    : InboundEvent(Conversation, From, MessageId)
{
    /// <summary>The message this one replies to, if any (an editor answering the bot's prompt).</summary>
    public QuotedMessage? Quoting { get; init; }

    /// <summary>
    /// On channels where people type "langganan" as often as "/langganan": a known command word at the start
    /// is a command too, unless the sender is in the middle of a tip (then it is the tip's text).
    /// </summary>
    public bool BareCommands { get; init; }
}

/// <summary>
/// A button pressed. <paramref name="Payload"/> is the action the core put in the button; <paramref name="AnswerId"/> is
/// the id to acknowledge the press with (a toast, answered at <c>SendPriority.Interactive</c>), null where the
/// platform answers on its own response or not at all.
/// </summary>
public sealed record ButtonPressed(ConversationAddress Conversation, Sender From, string? MessageId, string Payload, string? AnswerId)
    : InboundEvent(Conversation, From, MessageId)
{
    /// <summary>What was typed into the form the button submits (a form's text field), if anything.</summary>
    public string? Input { get; init; }

    /// <summary>The text of the message the button is under, when the platform sends it (lets a decision be written into it).</summary>
    public string? MessageText { get; init; }

    /// <summary>
    /// The button can no longer act: the message it is under can no longer be read (too old), or it is a menu left
    /// where menus are not answered (a broadcast channel). A vote still counts; anything else is told so.
    /// </summary>
    public bool Stale { get; init; }

    /// <summary>
    /// The platform's id of this press, "channel:…", the same when the press is handled again (an inbox handing it
    /// over again after a crash, a platform's retry): a vote counts once per id. Null where the channel has none.
    /// </summary>
    public string? PressId { get; init; }

    /// <summary>
    /// Handled in its turn in a durable inbox, which marks it done only after handling returns and hands it over again
    /// after any stop before that: its vote's commit need not wait for the disk (the mark's commit, which waits, takes
    /// it there first; <see cref="Feedback.IReactionService.VoteAsync(Guid, string, int, string?, bool, CancellationToken)"/>).
    /// </summary>
    public bool HandedAgainUntilDone { get; init; }

    /// <summary>
    /// The press is a word the reader typed for the button (WhatsApp's "kirim"), not the button itself: it can arrive
    /// at a step that does not show that button (<see cref="Humas.Bot.Tips.TipAction.Typed"/>).
    /// </summary>
    public bool Typed { get; init; }
}

public enum AttachmentKind
{
    Photo,
    Document,
    Voice,
    Video,
}

/// <summary>
/// A file. <paramref name="FileReference"/> is the channel's own handle, fetched later by its
/// <c>ITipAttachmentFetcher</c> (Telegram's file_id, a Teams download link, a web upload's stored name).
/// </summary>
public sealed record AttachmentReceived(
    ConversationAddress Conversation, Sender From, string? MessageId, AttachmentKind Kind, string FileReference, string? FileName, string? MediaType, long? Size)
    : InboundEvent(Conversation, From, MessageId)
{
    /// <summary>Text sent with the file; it counts as text typed after it.</summary>
    public string? Caption { get; init; }

    /// <summary>Files sent together (a Telegram album) share this id.</summary>
    public string? GroupId { get; init; }

    /// <summary>The message this file replies to, if any.</summary>
    public string? ReplyToMessageId { get; init; }
}

public sealed record LocationReceived(ConversationAddress Conversation, Sender From, string? MessageId, double Latitude, double Longitude)
    : InboundEvent(Conversation, From, MessageId);

/// <summary>A shared phone contact (the tip's contact step).</summary>
public sealed record ContactReceived(ConversationAddress Conversation, Sender From, string? MessageId, string PhoneNumber, string? Name)
    : InboundEvent(Conversation, From, MessageId);

/// <summary>A message of a kind the core does not take (a sticker, a poll, an empty message).</summary>
public sealed record OtherReceived(ConversationAddress Conversation, Sender From, string? MessageId)
    : InboundEvent(Conversation, From, MessageId);

public enum MembershipChange
{
    /// <summary>The bot was added (or unblocked, or may post again).</summary>
    Joined,

    /// <summary>The bot was removed from a group or channel, or may no longer post there.</summary>
    Left,

    /// <summary>The reader blocked the bot in a private chat.</summary>
    Blocked,
}

/// <summary>The bot's own membership changed; <paramref name="Note"/> says who did what, for the dashboard.</summary>
public sealed record MembershipChanged(ConversationAddress Conversation, Sender From, MembershipChange Change, string? Note)
    : InboundEvent(Conversation, From, null)
{
    /// <summary>Say hello when the bot arrives (where the platform expects a greeting).</summary>
    public bool Greet { get; init; }
}

/// <summary>The conversation got a new id on the platform (a Telegram group became a supergroup); its subscriptions move with it.</summary>
public sealed record ConversationMoved(ConversationAddress Conversation, Sender From, string NewExternalId)
    : InboundEvent(Conversation, From, null);
