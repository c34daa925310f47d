using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Feedback;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Humas.Bot.Tests.Conversations;

/// <summary>
/// A press's answer on arrival foresees the outcome from the reader's stored vote, so the press's turn in the inbox
/// must not count it before that read: counted first, a first choice was toasted as withdrawn (a loaded test run of
/// the webhook's reply saw "Pilihan anda dibatalkan." for a reader's first press).
/// </summary>
public sealed class PressReadBeforeCountTests
{
    private static readonly Guid Article = Guid.NewGuid();
    private const string Voter = "telegram:7";

    [Fact]
    public async Task The_turn_counts_the_press_only_after_the_answer_on_arrival_has_read_the_readers_vote()
    {
        var read = new TaskCompletionSource<ReaderVote?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reactions = new Mock<IReactionService>();
        reactions.Setup(r => r.GetReaderVoteAsync(Article, Voter, It.IsAny<CancellationToken>())).Returns(read.Task);
        reactions.Setup(r => r.VoteAsync(Article, Voter, 2, It.IsAny<string?>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new VoteResult(VoteChange.Added, 2, new ReactionTally(Article, 1, [])));
        var gateway = new Mock<IChannelGateway>();
        gateway.Setup(g => g.AnswerAsync(It.IsAny<ConversationAddress>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new GatewayResult.Done());
        var texts = VoteTextsTests.Create(reactions);
        var arrivals = new PressArrivals(
            reactions.Object, gateway.Object, texts, Mock.Of<IHostApplicationLifetime>(), TimeProvider.System, NullLogger<PressArrivals>.Instance);
        var turns = new VotePresses(gateway.Object, reactions.Object, texts, arrivals, TimeProvider.System);
        var press = new ButtonPressed(
            new ConversationAddress("telegram", "7", ConversationKind.Private), new Sender("7", null, "id"), "m1", ReactionActionData.Encode(Article, 2), "cb-1");

        var answering = arrivals.Arrived(press);
        var turn = turns.PressAsync(press, CancellationToken.None);

        // The answer on arrival is still reading the stored vote: the turn waits for that read before it counts.
        reactions.Verify(r => r.VoteAsync(It.IsAny<Guid>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<string?>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
        read.SetResult(new ReaderVote(null));
        await answering;
        var outcome = await turn;

        reactions.Verify(r => r.VoteAsync(Article, Voter, 2, It.IsAny<string?>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.True(outcome.VoteCast);
        var answer = Assert.Single(gateway.Invocations, i => i.Method.Name == nameof(IChannelGateway.AnswerAsync));
        Assert.StartsWith("Terima kasih! Pilihan anda:", (string?)answer.Arguments[2], StringComparison.Ordinal);
    }
}
