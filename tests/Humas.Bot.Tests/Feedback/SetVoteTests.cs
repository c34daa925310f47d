using Humas.Bot.Feedback;
using Humas.Bot.Feedback.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Feedback;

/// <summary>SetVoteAsync: a page's explicit choice, counted by the same tallies as the channels' toggling presses.</summary>
public sealed class SetVoteTests
{
    [Fact]
    public async Task Setting_chooses_switches_keeps_and_withdraws()
    {
        await using var h = await FeedbackHarness.CreateAsync();
        var (article, _) = await h.PublishAsync();
        var reactions = h.Reactions();

        var added = (await reactions.SetVoteAsync(article, "web:a", 3, CancellationToken.None))!;
        Assert.Equal((VoteChange.Added, (int?)3), (added.Change, added.CurrentOptionId));

        var same = (await reactions.SetVoteAsync(article, "web:a", 3, CancellationToken.None))!;
        Assert.Equal((VoteChange.Unchanged, (int?)3), (same.Change, same.CurrentOptionId));
        Assert.Equal([0, 0, 1, 0, 0], same.Tally.Counts());

        var switched = (await reactions.SetVoteAsync(article, "web:a", 1, CancellationToken.None))!;
        Assert.Equal(VoteChange.Switched, switched.Change);
        Assert.Equal([1, 0, 0, 0, 0], switched.Tally.Counts());
        Assert.Equal(1, await reactions.GetVoteAsync(article, "web:a", CancellationToken.None));

        var withdrawn = (await reactions.SetVoteAsync(article, "web:a", null, CancellationToken.None))!;
        Assert.Equal((VoteChange.Withdrawn, (int?)null), (withdrawn.Change, withdrawn.CurrentOptionId));
        var nothing = (await reactions.SetVoteAsync(article, "web:a", null, CancellationToken.None))!;
        Assert.Equal(VoteChange.Unchanged, nothing.Change);
        Assert.Equal([0, 0, 0, 0, 0], nothing.Tally.Counts());
        Assert.Null(await reactions.GetVoteAsync(article, "web:a", CancellationToken.None));
    }

    [Fact]
    public async Task An_unchanged_vote_does_not_schedule_a_counter_refresh()
    {
        await using var h = await FeedbackHarness.CreateAsync();
        var (article, _) = await h.PublishAsync();
        await h.Reactions().SetVoteAsync(article, "web:a", 2, CancellationToken.None);
        await using (var db = await h.DbAsync())
        {
            await db.Set<ReactionRefresh>().ExecuteUpdateAsync(u => u.SetProperty(r => r.DueAt, (DateTime?)null));
        }

        await h.Reactions().SetVoteAsync(article, "web:a", 2, CancellationToken.None);

        await using var check = await h.DbAsync();
        Assert.Null((await check.Set<ReactionRefresh>().SingleAsync()).DueAt);
    }

    [Fact]
    public async Task Unknown_articles_and_bad_options_are_refused()
    {
        await using var h = await FeedbackHarness.CreateAsync();
        var (article, _) = await h.PublishAsync();
        Assert.Null(await h.Reactions().SetVoteAsync(Guid.NewGuid(), "web:a", 1, CancellationToken.None));
        Assert.Null(await h.Reactions().SetVoteAsync(Guid.NewGuid(), "web:a", null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Reactions().SetVoteAsync(article, "web:a", 6, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Reactions().SetVoteAsync(article, "web:a", 0, CancellationToken.None));
    }
}
