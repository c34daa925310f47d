namespace Humas.Bot.Tips;

/// <summary>Who is sending a tip, in channel-neutral words.</summary>
/// <param name="Channel">"telegram", "teams", "web".</param>
/// <param name="ConversationExternalId">The chat the reader is in (a private chat for tips).</param>
/// <param name="UserExternalId">The person, stable on that channel.</param>
/// <param name="Language">"id" or "en".</param>
public sealed record TipAuthor(string Channel, string ConversationExternalId, string UserExternalId, string? DisplayName, string Language)
{
    /// <summary>
    /// The bot, number or app the author wrote to (<c>Conversation.Account</c>): empty for the national one, an institution's
    /// id for that institution's own. A citizen's new tip written there belongs to that institution without a question.
    /// </summary>
    public string Account { get; init; } = "";
}

/// <summary>One thing the contributor did while in the tip flow.</summary>
public abstract record TipInput(TipAuthor Author);

/// <summary>/usulan, /tip, the "tip" deep link, or the web chat's tip button.</summary>
public sealed record TipStart(TipAuthor Author) : TipInput(Author);

public sealed record TipText(TipAuthor Author, string Text) : TipInput(Author)
{
    /// <summary>The message this text replies to, when the channel says (a relayed editors' message, a ticket).</summary>
    public TipQuote? Quoting { get; init; }

    /// <summary>The caption of the file just handed in, passed on as text: a bundle takes it without a second answer.</summary>
    public bool FromFile { get; init; }
}

/// <summary>A message of the bot's that the sender replied to: its platform id, and its text where the platform sends it.</summary>
public sealed record TipQuote(string MessageId, string? Text);

/// <param name="Kind">"photo", "document", "voice" or "video".</param>
/// <param name="ChannelFileId">The channel's own handle for the file (Telegram file_id), fetched on Kirim.</param>
public sealed record TipAttachment(TipAuthor Author, string Kind, string ChannelFileId, string? FileName, string? MediaType, long? Size) : TipInput(Author)
{
    /// <summary>The text sent with the file, kept with it for the editors (it also counts as text typed after it).</summary>
    public string? Caption { get; init; }

    /// <summary>Files sent together (a Telegram album) share this id: a bundle answers the first of them only.</summary>
    public string? GroupId { get; init; }
}

public sealed record TipLocation(TipAuthor Author, double Latitude, double Longitude) : TipInput(Author);

public sealed record TipContact(TipAuthor Author, string PhoneNumber, string? Name) : TipInput(Author);

/// <summary>A button of a <see cref="TipReply"/> was pressed, or /batal (/cancel) was sent ("cancel").</summary>
public sealed record TipAction(TipAuthor Author, string Action) : TipInput(Author)
{
    /// <summary>
    /// The channel's id of this press, "channel:…", the same when it is handled again (an inbox handing the update over
    /// again, a platform's retry); for a word typed for a button, the id of the message. A Kirim handled again is known
    /// by it, also one that names no draft. Null where the channel has none.
    /// </summary>
    public string? PressId { get; init; }

    /// <summary>
    /// A word typed for the button (WhatsApp's "kirim"), not the button itself. A typed Kirim before the summary is the
    /// sender's wish to finish and send, so at the step that collects files it moves on as Selesai does; a Kirim button
    /// there (one left on an older message) gets the step's hint, as before.
    /// </summary>
    public bool Typed { get; init; }
}

/// <param name="Action">Short ("cancel", "skip"; Kirim and Selesai naming their draft, "send:12" and "done:12"; an institution's pick "in:kemensos"), at most 62 bytes, so a channel can put it in a button.</param>
public sealed record TipButton(string Action, string Label);

/// <summary>What to show the contributor: localized text and buttons (one row), or rows of buttons (a menu).</summary>
public sealed record TipReply(string Text, IReadOnlyList<TipButton> Buttons)
{
    /// <summary>A menu's rows, shown above <see cref="Buttons"/>; empty for an ordinary step.</summary>
    public IReadOnlyList<IReadOnlyList<TipButton>> Rows { get; init; } = [];
}

/// <summary>
/// The guided tip conversation, the same on every channel: what happened (text), then any number of photos,
/// documents, a location or a voice note until "Selesai", an optional contact, a summary with Kirim / Batal,
/// and on Kirim a ticket number at once.
/// </summary>
public interface ITipConversation
{
    /// <summary>True while this author has an unfinished tip, so the channel routes plain messages here.</summary>
    Task<bool> IsInFlowAsync(TipAuthor author, CancellationToken cancellationToken);

    /// <summary>
    /// True when the flow takes this message: a tip is open, or the message opens one (a file sent with no tip
    /// open starts a bundle) or answers one (a reply to a message of the bot's that names a ticket).
    /// </summary>
    Task<bool> TakesAsync(TipInput input, CancellationToken cancellationToken);

    Task<IReadOnlyList<TipReply>> HandleAsync(TipInput input, CancellationToken cancellationToken);

    /// <summary>The answer to a file that would not be taken now (no tip open, wrong step, too many, too large); null when it would.</summary>
    Task<TipReply?> RefuseAttachmentAsync(TipAuthor author, long? size, CancellationToken cancellationToken);
}

/// <summary>The tip commands outside the flow; each answers with localized text for the chat.</summary>
public interface ITipCommands
{
    /// <summary>/status: my tips and their states.</summary>
    Task<string> StatusAsync(TipAuthor author, CancellationToken cancellationToken);

    /// <summary>/daftar KODE (/register CODE): become a verified contributor of the code's institution and unit.</summary>
    Task<string> RegisterAsync(TipAuthor author, string code, CancellationToken cancellationToken);

    /// <summary>/teraktif (/top): this month's most active contributors (accepted tips).</summary>
    Task<string> LeaderboardAsync(string language, CancellationToken cancellationToken);
}
