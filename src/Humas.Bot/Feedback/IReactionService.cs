namespace Humas.Bot.Feedback;

/// <summary>Reader reactions: one current vote per reader per article, tallies shared by every channel.</summary>
public interface IReactionService
{
    /// <summary>The five options from <c>Reactions:Options</c>, in id order (ids 1..5).</summary>
    IReadOnlyList<ReactionOption> Options { get; }

    /// <summary>
    /// A reader pressed an option: records it, switches from their other option, or withdraws it when it is
    /// the option they already chose. <paramref name="voterKey"/> identifies the reader across their
    /// messages on one channel, e.g. "telegram:123456789". Null for an unknown article; an option id outside
    /// 1..5 throws <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    Task<VoteResult?> VoteAsync(Guid articleId, string voterKey, int optionId, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="VoteAsync(Guid, string, int, CancellationToken)"/> for a press the platform identifies: the same
    /// <paramref name="pressId"/> counted again (an inbox handing a press over again after the process stopped between
    /// counting it and marking it handled) changes nothing and reports the current vote as <see cref="VoteChange.Unchanged"/>.
    /// Ids start with the channel's name and are remembered for <see cref="CountedPresses.Retention"/>.
    /// <paramref name="handedAgainUntilDone"/>: the press comes from a durable inbox that hands it over again until its
    /// handling returns and writes its done-mark after that; on SQLite its vote's commit then does not wait for the disk
    /// (<see cref="Storage.SqliteRelaxedCommit"/>): a power cut that loses the vote loses the mark written after it too, so
    /// the press is counted again. Any other vote's commit waits for the disk, as its caller is told it counted.
    /// </summary>
    Task<VoteResult?> VoteAsync(Guid articleId, string voterKey, int optionId, string? pressId, bool handedAgainUntilDone, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the reader's vote to <paramref name="optionId"/>, or withdraws it when null: a web page's
    /// explicit choice, where pressing the chosen option again must not undo it. Same counting as
    /// <see cref="VoteAsync"/>; <see cref="VoteChange.Unchanged"/> when the vote already was that.
    /// </summary>
    Task<VoteResult?> SetVoteAsync(Guid articleId, string voterKey, int? optionId, CancellationToken cancellationToken);

    /// <summary>The reader's current option for the article, null when they have not voted.</summary>
    Task<int?> GetVoteAsync(Guid articleId, string voterKey, CancellationToken cancellationToken);

    /// <summary>
    /// The reader's stored vote on the article (its option null when they have not voted), or null when the article
    /// does not exist: one read, which does not wait for the vote writes.
    /// </summary>
    Task<ReaderVote?> GetReaderVoteAsync(Guid articleId, string voterKey, CancellationToken cancellationToken);

    /// <summary>All five counters in option-id order, zeros included; null for an unknown article.</summary>
    Task<ReactionTally?> GetTallyAsync(Guid articleId, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="GetTallyAsync"/> of several articles in one read (a page's live stream opening on up to 50): each
    /// known article's tally, in the order given, duplicates once; unknown ids are left out.
    /// </summary>
    Task<IReadOnlyList<ReactionTally>> GetTalliesAsync(IReadOnlyCollection<Guid> articleIds, CancellationToken cancellationToken);
}

public sealed record ReaderVote(int? OptionId);

public sealed record ReactionOption(int Id, string Emoji, string Label);

public sealed record ReactionCount(int Id, string Emoji, string Label, int Count);

public sealed record ReactionTally(Guid ArticleId, int Total, IReadOnlyList<ReactionCount> Options);

public enum VoteChange
{
    Added,
    Switched,
    Withdrawn,

    /// <summary>
    /// From <see cref="IReactionService.SetVoteAsync"/>: the vote already was the one asked for; from a press: the same
    /// press counted before (its id already counted).
    /// </summary>
    Unchanged,
}

/// <param name="CurrentOptionId">The reader's vote after this press; null when withdrawn.</param>
public sealed record VoteResult(VoteChange Change, int? CurrentOptionId, ReactionTally Tally);
