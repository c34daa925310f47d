namespace Humas.Bot.Feedback.Model;

/// <summary>A reader's current reaction to an article; withdrawing deletes the row.</summary>
public sealed class Vote
{
    public long Id { get; set; }
    public Guid ArticleId { get; set; }

    /// <summary>"channel:user", e.g. "telegram:123456789": the same person on two channels counts twice.</summary>
    public required string VoterKey { get; set; }

    /// <summary>A channel name (at most 32) and ':' before a user id of at most 512 characters.</summary>
    public const int MaxVoterKeyLength = 600;
    public int OptionId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// The running count of one option of one article. Kept beside the votes in the same transaction so a vote
/// reads five rows instead of counting every vote of a popular article.
/// </summary>
public sealed class ReactionTallyRow
{
    public Guid ArticleId { get; set; }
    public int OptionId { get; set; }
    public int Count { get; set; }
}

/// <summary>
/// The durable "counters of this article need refreshing" mark. A vote sets <see cref="DueAt"/> (if not
/// already set) and bumps <see cref="Generation"/>; the refresher clears DueAt only when no vote arrived
/// while it was editing, so a crash or a late vote leaves the mark in place.
/// </summary>
public sealed class ReactionRefresh
{
    public Guid ArticleId { get; set; }

    /// <summary>When the next refresh may run; null when the shown counters are current.</summary>
    public DateTime? DueAt { get; set; }
    public long Generation { get; set; }
}

/// <summary>
/// A press already counted, by the platform's id of it, so that handling the same press again changes nothing: an
/// inbox hands an update over again when the process stopped after its vote was committed and before the update
/// was marked handled, and a press toggles, so counting it twice would take the reader's vote back. Written in the
/// vote's own transaction; kept <see cref="CountedPresses.Retention"/>.
/// </summary>
public sealed class CountedPress
{
    /// <summary>"channel:…" as the adapter made it unique (<see cref="CountedPresses.Key"/>).</summary>
    public required string PressId { get; set; }

    public const int MaxPressIdLength = 128;

    public Guid ArticleId { get; set; }
    public DateTime CountedAt { get; set; }
}
