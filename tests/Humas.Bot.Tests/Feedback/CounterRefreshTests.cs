using Humas.Bot.Tests.Support;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Feedback.Refresh;
using Humas.Bot.Tests.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Feedback;

public abstract class CounterRefreshTests(DatabaseKind databaseKind)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>Three readers on the test channel and one on "teams", all sent the article.</summary>
    private async Task<(Humas.Bot.Tests.Delivery.DeliveryHarness H, Guid Article)> DeliveredAsync()
    {
        var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        for (var i = 0; i < 3; i++)
        {
            await h.SubscriberAsync($"r{i}");
        }

        await h.OtherSubscriberAsync("t0");
        var article = await h.PublishAndPlanAsync();
        await h.DrainAsync();
        Assert.Equal(3, h.Channel.Delivered.Count);
        Assert.Single(h.Other().Delivered);
        return (h, article);
    }

    private static IEnumerable<TestChannel.Call> AllEdits(Humas.Bot.Tests.Delivery.DeliveryHarness h) => h.Channel.Edits().Concat(h.Other().Edits());

    [Fact]
    public async Task A_burst_of_votes_becomes_one_edit_per_delivered_message_with_the_final_counts()
    {
        var (h, article) = await DeliveredAsync();
        await using var _ = h;
        for (var i = 0; i < 100; i++)
        {
            h.Clock.Advance(TimeSpan.FromMilliseconds(50));
            await h.VoteAsync(article, $"telegram:{i}", i % 5 == 0 ? 2 : 1);
        }

        // Not yet: the window opened by the first vote is still running.
        Assert.Equal(0, await h.Refresher().RunOnceAsync(CancellationToken.None));
        Assert.Empty(AllEdits(h));

        h.Clock.Advance(Window);
        Assert.Equal(1, await h.Refresher().RunOnceAsync(CancellationToken.None));
        var edits = AllEdits(h).ToList();
        Assert.Equal(4, edits.Count);
        var sent = (await h.DeliveriesAsync(article)).Select(d => d.MessageId).Order().ToList();
        Assert.Equal(sent, edits.Select(e => e.MessageId).Order().ToList());
        Assert.All(edits, e => Assert.Equal([80, 20, 0, 0, 0], ((ArticleMessage)e.Message!).ReactionCounts));
        Assert.Single(h.Other().Edits());

        // Nothing more to do until someone votes again.
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await h.Refresher().RunOnceAsync(CancellationToken.None));
        Assert.Equal(4, AllEdits(h).Count());
    }

    [Fact]
    public async Task Each_message_is_edited_at_most_once_per_window_while_votes_keep_coming()
    {
        var (h, article) = await DeliveredAsync();
        await using var _ = h;
        for (var second = 0; second < 60; second++)
        {
            await h.VoteAsync(article, $"telegram:{second}", 1);
            await h.Refresher().RunOnceAsync(CancellationToken.None);
            h.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        h.Clock.Advance(Window);
        await h.Refresher().RunOnceAsync(CancellationToken.None);

        foreach (var message in AllEdits(h).GroupBy(e => (e.To.Channel, e.MessageId)))
        {
            var times = message.Select(e => e.At).Order().ToList();
            Assert.InRange(times.Count, 5, 7);
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= Window, $"{pair.First} then {pair.Second}"));
            Assert.Equal([60, 0, 0, 0, 0], ((ArticleMessage)message.OrderBy(e => e.At).Last().Message!).ReactionCounts);
        }
    }

    [Fact]
    public async Task A_vote_during_the_edits_gets_its_own_refresh_one_window_later()
    {
        var (h, article) = await DeliveredAsync();
        await using var _ = h;
        await h.VoteAsync(article, "telegram:1", 1);
        var votedDuringEdit = 0;
        Exception? voteFailed = null;
        h.Channel.Script = (operation, _) =>
        {
            // Once, whichever edit comes first: the edits run side by side, and two that both saw no vote yet pressed
            // option 5 twice, the second press withdrawing the first (a loaded run's counts lacked the vote).
            if (operation == "edit" && Interlocked.Exchange(ref votedDuringEdit, 1) == 0)
            {
                try
                {
                    h.VoteAsync(article, "telegram:2", 5).GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    // Kept for the assertion below: thrown here it would only fail the edit, and the test later, with
                    // counts that lack the vote (a clean-clone run once failed so, without saying why).
                    voteFailed = e;
                    throw;
                }
            }

            return null;
        };

        h.Clock.Advance(Window);
        Assert.Equal(1, await h.Refresher().RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, votedDuringEdit);
        Assert.Null(voteFailed);
        Assert.Equal(0, await h.Refresher().RunOnceAsync(CancellationToken.None));
        h.Clock.Advance(Window);
        Assert.Equal(1, await h.Refresher().RunOnceAsync(CancellationToken.None));

        var last = AllEdits(h).GroupBy(e => (e.To.Channel, e.MessageId)).Select(g => g.OrderBy(e => e.At).Last()).ToList();
        Assert.Equal(4, last.Count);
        Assert.All(last, e => Assert.Equal([1, 0, 0, 0, 1], ((ArticleMessage)e.Message!).ReactionCounts));
    }

    [Fact]
    public async Task A_message_that_no_longer_exists_is_dropped_from_refresh_and_the_others_continue()
    {
        var (h, article) = await DeliveredAsync();
        await using var _ = h;
        h.Channel.Script = (operation, to) =>
            operation == "edit" && to.ExternalId == "r1" ? new DeliveryFailure.MessageInvalid("Bad Request: message to edit not found") : null;

        await h.VoteAsync(article, "telegram:1", 1);
        h.Clock.Advance(Window);
        await h.Refresher().RunOnceAsync(CancellationToken.None);
        var gone = (await h.DeliveriesAsync(article)).Where(d => d.MessageId == null).ToList();
        var row = Assert.Single(gone);
        Assert.Contains("not found", row.LastError);
        Assert.Equal(DeliveryState.Sent, row.State);

        await h.VoteAsync(article, "telegram:2", 1);
        h.Clock.Advance(Window);
        await h.Refresher().RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, h.Channel.Edits().Count(e => e.To.ExternalId == "r1"));
        Assert.Equal(2, h.Channel.Edits().Count(e => e.To.ExternalId == "r0"));
        Assert.Equal(2, h.Other().Edits().Count);
    }

    [Fact]
    public async Task A_transient_failure_is_tried_again_one_window_later()
    {
        var (h, article) = await DeliveredAsync();
        await using var _ = h;
        var failing = true;
        var lastFailure = DateTimeOffset.MinValue;
        h.Channel.Script = (operation, to) =>
        {
            if (!failing || operation != "edit" || to.ExternalId != "r2")
            {
                return null;
            }

            lastFailure = h.Clock.GetUtcNow();
            return new DeliveryFailure.Transient("502");
        };

        await h.VoteAsync(article, "telegram:1", 3);
        h.Clock.Advance(Window);
        var pass = h.Refresher().RunOnceAsync(CancellationToken.None);
        // The retry policy backs off on the test clock; move it along until the pass gives up on r2.
        while (!pass.IsCompleted)
        {
            await Task.Delay(5);
            h.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await pass;
        var passEnded = h.Clock.GetUtcNow();
        Assert.DoesNotContain(h.Channel.Edits(), e => e.To.ExternalId == "r2" && e.Ok);
        failing = false;

        // The clock ran on while the pass recorded its result (slowly, on a loaded machine), so the retry is due
        // one window after a moment between the last failure and the end of the pass: never sooner, not much later.
        int refreshed;
        while ((refreshed = await h.Refresher().RunOnceAsync(CancellationToken.None)) == 0 && h.Clock.GetUtcNow() < passEnded + Window + Window)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, refreshed);
        Assert.InRange(h.Clock.GetUtcNow(), lastFailure + Window, passEnded + Window + TimeSpan.FromSeconds(1));
        Assert.Contains(h.Channel.Edits(), e => e.To.ExternalId == "r2" && e.Ok);
    }

    [Fact]
    public async Task A_pass_that_dies_mid_edit_leaves_the_article_due_after_the_lease()
    {
        var (h, article) = await DeliveredAsync();
        await using var _ = h;
        await h.VoteAsync(article, "telegram:1", 2);
        h.Clock.Advance(Window);
        using var crash = new CancellationTokenSource();
        h.Channel.Script = (operation, _) =>
        {
            if (operation == "edit")
            {
                crash.Cancel(); // the process "dies" during the edits
            }

            return null;
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Refresher().RunOnceAsync(crash.Token));
        h.Channel.Script = (_, _) => null;
        await using (var db = await h.DbAsync())
        {
            Assert.NotNull((await db.Set<ReactionRefresh>().SingleAsync(r => r.ArticleId == article)).DueAt);
        }

        var editsBefore = AllEdits(h).Count();
        Assert.Equal(0, await h.Refresher().RunOnceAsync(CancellationToken.None)); // still leased
        h.Clock.Advance(CounterRefresher.Lease);
        Assert.Equal(1, await h.Refresher().RunOnceAsync(CancellationToken.None));
        Assert.Equal(editsBefore + 4, AllEdits(h).Count());
        Assert.All(AllEdits(h).TakeLast(4), e => Assert.Equal([0, 1, 0, 0, 0], ((ArticleMessage)e.Message!).ReactionCounts));
    }

    [Fact]
    public async Task Delivered_messages_show_the_stored_counts()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        await h.SubscriberAsync("r0");
        var (article, eventId) = await h.PublishAsync();
        await h.VoteAsync(article, "telegram:1", 1);
        await h.VoteAsync(article, "teams:1", 4);
        await h.VoteAsync(article, "telegram:2", 4);

        Assert.IsType<Humas.Bot.Feedback.ReactionService>(h.Get<IReactionCountSource>());
        Assert.Equal([1, 0, 0, 2, 0], await h.Get<IReactionCountSource>().GetCountsAsync(article, CancellationToken.None));
        await h.FanOut.PlanAsync(eventId, CancellationToken.None);
        await h.DrainAsync();

        var sent = (ArticleMessage)Assert.Single(h.Channel.Delivered).Message!;
        Assert.Equal([1, 0, 0, 2, 0], sent.ReactionCounts);
    }
}

public sealed class CounterRefreshTestsOnSqlite() : CounterRefreshTests(DatabaseKind.Sqlite);

public sealed class CounterRefreshTestsOnPostgres() : CounterRefreshTests(DatabaseKind.Postgres);
