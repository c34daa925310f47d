using System.Diagnostics;
using Humas.Bot.Host;

namespace Humas.Bot.Feedback;

/// <summary>
/// Spans of the feedback part: one per vote (a child of the press or request that cast it) and one per counter
/// refresh of an article (the edits under every delivered message go out beneath it).
/// </summary>
public sealed class FeedbackTracing() : PartTracing("Feedback")
{
    public Activity? StartVote(Guid articleId) =>
        Source.StartActivity("feedback.vote")?.SetTag("humas.article.id", articleId.ToString());

    public Activity? StartCounterRefresh(Guid articleId) =>
        Source.StartActivity("feedback.counter_refresh")?.SetTag("humas.article.id", articleId.ToString());

    /// <param name="batch">How many presses the group commit that counted this one held.</param>
    public static void Voted(Activity? vote, VoteResult? result, int attempts, int batch) =>
        vote?.SetTag("humas.vote.change", result?.Change.ToString() ?? "none").SetTag("humas.vote.attempts", attempts)
            .SetTag("humas.vote.batch", batch);
}
