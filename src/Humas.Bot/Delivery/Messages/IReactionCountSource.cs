namespace Humas.Bot.Delivery.Messages;

/// <summary>
/// The five reaction counters shown under an article. Feedback (#4) replaces the default, which shows zeros,
/// so delivery does not depend on it.
/// </summary>
public interface IReactionCountSource
{
    Task<IReadOnlyList<int>> GetCountsAsync(Guid articleId, CancellationToken ct);
}

internal sealed class NoReactionCounts : IReactionCountSource
{
    public Task<IReadOnlyList<int>> GetCountsAsync(Guid articleId, CancellationToken ct) =>
        Task.FromResult(Channels.ArticleMessage.NoReactions);
}
