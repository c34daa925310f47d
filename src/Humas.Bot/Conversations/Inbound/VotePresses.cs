using System.Globalization;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Feedback;
using Humas.Bot.Localization;

namespace Humas.Bot.Conversations.Inbound;

/// <summary>
/// A reaction button pressed, on any channel, becomes a vote (counted by <see cref="IReactionService"/>). The voter
/// is the person ("{channel}:{user id}"), not the chat, so a vote under a channel post counts like any other, and
/// the article id is in the button, so a vote works under a message nobody can read any more.
/// <para>
/// Where the press is acknowledged with a toast (an answer id), the platform wants it at once (we promise within a
/// second), but the vote must be stored too. So the vote starts first and gets <see cref="AnswerBudget"/>: if it is
/// done by then the answer names the real outcome (chosen, switched, withdrawn); if the database is slow it names the
/// option pressed ("noted") and the vote is awaited after answering. A failed vote is rethrown after the answer, so
/// an adapter with a durable inbox retries the vote, never loses it.
/// </para>
/// </summary>
public sealed class VotePresses(IChannelGateway gateway, IReactionService reactions, ReactionCatalog catalog, ITexts texts, TimeProvider time)
{
    /// <summary>Leaves room for the answer's round trip inside one second.</summary>
    public static readonly TimeSpan AnswerBudget = TimeSpan.FromMilliseconds(600);

    public static bool IsVote(string payload) => payload.StartsWith(ReactionActionData.Prefix, StringComparison.Ordinal);

    public static string VoterKey(string channel, string userId) => $"{channel}:{userId}";

    public async Task<InboundOutcome> PressAsync(ButtonPressed press, CancellationToken ct)
    {
        var lang = Languages.Normalize(press.From.Language);
        if (!ReactionActionData.TryDecode(press.Payload, out var articleId, out var optionId))
        {
            return await AnswerAsync(press, new InboundOutcome { Answer = texts.Get("commands.button.old", lang) }, ct);
        }

        var vote = reactions.VoteAsync(articleId, VoterKey(press.Conversation.Channel, press.From.UserId), optionId, ct);
        if (press.AnswerId is null)
        {
            // Answered on the platform's own response (or not at all): the caller waits for the real outcome.
            var result = await vote;
            return new InboundOutcome { VoteCast = true, Vote = result, Answer = Outcome(result, optionId, lang) };
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var finished = await Task.WhenAny(vote, Task.Delay(AnswerBudget, time, budget.Token)) == vote;
        await budget.CancelAsync();
        var text = !finished ? Chosen("feedback.noted", optionId, lang)
            : vote.IsCompletedSuccessfully ? Outcome(vote.Result, optionId, lang)
            : texts.Get("feedback.unavailable", lang);
        await AnswerAsync(press, new InboundOutcome { Answer = text }, ct);
        // Rethrows a failed vote so the adapter's inbox retries it (the answer above is not repeated successfully, which is harmless).
        var voted = await vote;
        return new InboundOutcome { VoteCast = true, Vote = voted, Answer = text };
    }

    private string Outcome(VoteResult? result, int pressed, string lang) => result switch
    {
        null => texts.Get("feedback.unknown_article", lang),
        { Change: VoteChange.Withdrawn } => texts.Get("feedback.withdrawn", lang),
        { Change: VoteChange.Switched } => Chosen("feedback.switched", result.CurrentOptionId ?? pressed, lang),
        _ => Chosen("feedback.added", result.CurrentOptionId ?? pressed, lang),
    };

    /// <summary>The option's label in the reader's language (configured labels are used as written).</summary>
    private string Chosen(string key, int optionId, string lang) =>
        texts.Get(key, lang, reactions.Options.FirstOrDefault(o => o.Id == optionId) is { } option
            ? $"{option.Emoji} {catalog.Label(option.Id, lang)}"
            : optionId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Through the gateway, first of all calls; best effort: a press answered late or twice only loses the toast, never the vote.</summary>
    private async Task<InboundOutcome> AnswerAsync(ButtonPressed press, InboundOutcome outcome, CancellationToken ct)
    {
        if (press.AnswerId is { } answerId)
        {
            await gateway.AnswerAsync(press.Conversation, answerId, outcome.Answer, ct);
        }

        return outcome;
    }
}
