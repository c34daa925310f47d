namespace Humas.Bot.Feedback;

/// <summary>
/// A platform's own reactions under the delivered copies of an article (for example Telegram's emoji
/// reactions under a channel post). They answer a different question than the five options ("how do you feel
/// about this article?"), so reports show them beside the five counters and never add them in. Each channel
/// that can count them registers one source; the core knows none of them by name.
/// </summary>
public interface IPlatformReactionSource
{
    /// <summary>The channel's name as stored with conversations, e.g. "telegram".</summary>
    string Channel { get; }

    /// <summary>Every reaction counted under the article's delivered copies, most frequent first.</summary>
    Task<IReadOnlyList<PlatformReactionCount>> CountsAsync(Guid articleId, CancellationToken ct);
}

/// <summary>One reaction (an emoji, or a platform's name for a custom one) and how often it was given.</summary>
public sealed record PlatformReactionCount(string Reaction, int Count);
