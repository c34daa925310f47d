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
/// an adapter with a durable inbox retries the vote, never loses it. A press already answered on arrival
/// (<see cref="PressArrivals"/>) is only counted here, after that answer has read the vote it foresees from.
/// </para>
/// </summary>
public sealed class VotePresses(IChannelGateway gateway, IReactionService reactions, VoteTexts voteTexts, PressArrivals arrivals, TimeProvider time)
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
            return await AnswerAsync(press, new InboundOutcome { Answer = voteTexts.Get("commands.button.old", lang) }, ct);
        }

        try
        {
            return await PressAsync(press, articleId, optionId, lang, ct);
        }
        finally
        {
            arrivals.Counted(press, articleId);
        }
    }

    private async Task<InboundOutcome> PressAsync(ButtonPressed press, Guid articleId, int optionId, string lang, CancellationToken ct)
    {
        await arrivals.ReadAsync(press, ct);
        var vote = reactions.VoteAsync(articleId, VoterKey(press.Conversation.Channel, press.From.UserId), optionId, press.PressId, press.HandedAgainUntilDone, ct);
        if (press.AnswerId is null || await arrivals.AnsweredAsync(press, ct))
        {
            // Answered on the platform's own response (or not at all), or on arrival: the caller waits for the real outcome.
            var result = await vote;
            return new InboundOutcome { VoteCast = true, Vote = result, Answer = voteTexts.Outcome(result, optionId, lang) };
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var finished = await Task.WhenAny(vote, Task.Delay(AnswerBudget, time, budget.Token)) == vote;
        await budget.CancelAsync();
        var text = !finished ? voteTexts.Noted(optionId, lang)
            : vote.IsCompletedSuccessfully ? voteTexts.Outcome(vote.Result, optionId, lang)
            : voteTexts.Get("feedback.unavailable", lang);
        await AnswerAsync(press, new InboundOutcome { Answer = text }, ct);
        // Rethrows a failed vote so the adapter's inbox retries it (the answer above is not repeated successfully, which is harmless).
        var voted = await vote;
        return new InboundOutcome { VoteCast = true, Vote = voted, Answer = text };
    }

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
