using Humas.Bot.Conversations.Commands;
using Humas.Bot.Feedback;

namespace Humas.Bot.Conversations.Inbound;

/// <summary>
/// What the router did with an event, for an adapter that answers on its own response (a Teams invoke, the web
/// chat's HTTP reply). Replies were already sent through the gateway; adapters that only listen ignore this.
/// </summary>
public sealed record InboundOutcome
{
    public static InboundOutcome None { get; } = new();

    /// <summary>The replies sent, each with the message id the gateway got back (null when it was not sent).</summary>
    public IReadOnlyList<SentReply> Sent { get; init; } = [];

    /// <summary>A vote's result (null for an unknown article); <see cref="VoteCast"/> says whether a vote was cast at all.</summary>
    public VoteResult? Vote { get; init; }

    public bool VoteCast { get; init; }

    /// <summary>The short acknowledgement of a press (the toast's text), also when the platform shows it itself.</summary>
    public string? Answer { get; init; }
}

public sealed record SentReply(ChatReply Reply, string? MessageId);
