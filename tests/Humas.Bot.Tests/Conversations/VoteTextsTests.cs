using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Feedback;
using Humas.Bot.Localization;
using Microsoft.Extensions.Options;
using Moq;

namespace Humas.Bot.Tests.Conversations;

/// <summary>The toast of a press names the vote as it stands after the press, whatever the change was.</summary>
public sealed class VoteTextsTests
{
    /// <summary>The service's texts with the default options, over <paramref name="reactions"/> (a new mock when null).</summary>
    internal static VoteTexts Create(Mock<IReactionService>? reactions = null)
    {
        var texts = new JsonTexts();
        var options = new ReactionOptions();
        options.ApplyDefaults();
        var catalog = new ReactionCatalog(Options.Create(options), texts);
        reactions ??= new Mock<IReactionService>();
        reactions.Setup(r => r.Options).Returns(catalog.Options);
        return new VoteTexts(reactions.Object, catalog, texts);
    }

    private static VoteResult Result(VoteChange change, int? option) =>
        new(change, option, new ReactionTally(Guid.Empty, option is null ? 0 : 1, []));

    [Fact]
    public void A_press_counted_before_names_the_vote_as_it_stands_not_the_option_pressed()
    {
        var texts = Create();

        // The reader withdrew option 2; the same press handled again changes nothing and must not say "chosen".
        Assert.Equal("Pilihan anda dibatalkan.", texts.Outcome(Result(VoteChange.Unchanged, null), pressed: 2, "id"));
        Assert.Contains("Bermanfaat", texts.Outcome(Result(VoteChange.Unchanged, 2), pressed: 2, "id"), StringComparison.Ordinal);
        Assert.Equal(texts.Outcome(Result(VoteChange.Withdrawn, null), pressed: 2, "id"), texts.Outcome(Result(VoteChange.Unchanged, null), pressed: 2, "id"));
    }
}
