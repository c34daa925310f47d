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

    /// <summary>All five counters in option-id order, zeros included; null for an unknown article.</summary>
    Task<ReactionTally?> GetTallyAsync(Guid articleId, CancellationToken cancellationToken);
}

public sealed record ReactionOption(int Id, string Emoji, string Label);

public sealed record ReactionCount(int Id, string Emoji, string Label, int Count);

public sealed record ReactionTally(Guid ArticleId, int Total, IReadOnlyList<ReactionCount> Options);

public enum VoteChange
{
    Added,
    Switched,
    Withdrawn,
}

/// <param name="CurrentOptionId">The reader's vote after this press; null when withdrawn.</param>
public sealed record VoteResult(VoteChange Change, int? CurrentOptionId, ReactionTally Tally);
