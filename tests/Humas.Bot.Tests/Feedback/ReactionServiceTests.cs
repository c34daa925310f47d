using Humas.Bot.Tests.Support;
using Humas.Bot.Feedback;
using Humas.Bot.Feedback.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Feedback;

public abstract class ReactionServiceTests(DatabaseKind databaseKind)
{
    [Fact]
    public async Task A_press_adds_another_option_switches_and_the_same_option_again_withdraws()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (article, _) = await h.PublishAsync();

        var added = (await h.VoteAsync(article, "telegram:1", 1))!;
        Assert.Equal((VoteChange.Added, (int?)1), (added.Change, added.CurrentOptionId));
        Assert.Equal([1, 0, 0, 0, 0], added.Tally.Counts());

        var switched = (await h.VoteAsync(article, "telegram:1", 4))!;
        Assert.Equal((VoteChange.Switched, (int?)4), (switched.Change, switched.CurrentOptionId));
        Assert.Equal([0, 0, 0, 1, 0], switched.Tally.Counts());
        Assert.Equal(1, switched.Tally.Total);

        var withdrawn = (await h.VoteAsync(article, "telegram:1", 4))!;
        Assert.Equal((VoteChange.Withdrawn, (int?)null), (withdrawn.Change, withdrawn.CurrentOptionId));
        Assert.Equal([0, 0, 0, 0, 0], withdrawn.Tally.Counts());
        Assert.Equal(0, withdrawn.Tally.Total);

        var again = (await h.VoteAsync(article, "telegram:1", 2))!;
        Assert.Equal(VoteChange.Added, again.Change);
        Assert.Equal(again.Tally, await h.Reactions().GetTallyAsync(article, CancellationToken.None), TallyComparer.Instance);
    }

    [Fact]
    public async Task The_tally_names_all_five_options_in_id_order_with_the_default_labels()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (article, _) = await h.PublishAsync();

        var tally = (await h.Reactions().GetTallyAsync(article, CancellationToken.None))!;

        Assert.Equal(article, tally.ArticleId);
        Assert.Equal(0, tally.Total);
        Assert.Equal(
            [(1, "👍", "Suka"), (2, "👏", "Bermanfaat"), (3, "😐", "Biasa saja"), (4, "😟", "Khawatir"), (5, "👎", "Tidak suka")],
            tally.Options.Select(o => (o.Id, o.Emoji, o.Label)));
        Assert.Equal(h.Reactions().Options.Select(o => (o.Id, o.Emoji, o.Label)), tally.Options.Select(o => (o.Id, o.Emoji, o.Label)));
    }

    [Fact]
    public async Task Readers_on_different_channels_are_different_voters_and_share_one_tally()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (article, _) = await h.PublishAsync();

        await h.VoteAsync(article, "telegram:1", 2);
        var result = (await h.VoteAsync(article, "teams:1", 2))!;

        Assert.Equal(VoteChange.Added, result.Change);
        Assert.Equal([0, 2, 0, 0, 0], result.Tally.Counts());
    }

    [Fact]
    public async Task Unknown_article_and_out_of_range_option()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (article, _) = await h.PublishAsync();

        Assert.Null(await h.VoteAsync(Guid.NewGuid(), "telegram:1", 1));
        Assert.Null(await h.Reactions().GetTallyAsync(Guid.NewGuid(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.VoteAsync(article, "telegram:1", 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.VoteAsync(article, "telegram:1", 6));
        await using var db = await h.DbAsync();
        Assert.Equal(0, await db.Set<Vote>().CountAsync());
    }

    [Fact]
    public async Task The_tallies_of_several_articles_read_together_are_each_the_single_read()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (voted, _) = await h.PublishAsync();
        var (quiet, _) = await h.PublishAsync();
        await h.VoteAsync(voted, "telegram:1", 2);
        await h.VoteAsync(voted, "teams:1", 5);
        await h.VoteAsync(voted, "web:1", 2);
        var unknown = Guid.NewGuid();

        var together = await h.Reactions().GetTalliesAsync([quiet, unknown, voted, quiet], CancellationToken.None);

        // In the order asked, each article once, the unknown one left out as the single read answers it with null.
        Assert.Equal([quiet, voted], together.Select(t => t.ArticleId));
        foreach (var id in new[] { quiet, voted })
        {
            Assert.Equal(await h.Reactions().GetTallyAsync(id, CancellationToken.None), together.Single(t => t.ArticleId == id), TallyComparer.Instance);
        }

        Assert.Equal([0, 2, 0, 0, 1], together.Single(t => t.ArticleId == voted).Counts());
        Assert.Null(await h.Reactions().GetTallyAsync(unknown, CancellationToken.None));
        Assert.Empty(await h.Reactions().GetTalliesAsync([unknown], CancellationToken.None));
        Assert.Empty(await h.Reactions().GetTalliesAsync([], CancellationToken.None));
    }

    [Theory]
    [InlineData(50)]
    [InlineData(51)]
    public async Task Concurrent_presses_by_one_reader_leave_at_most_one_vote(int presses)
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (article, _) = await h.PublishAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, presses).Select(_ => Task.Run(() => h.VoteAsync(article, "telegram:7", 3))));

        // Presses are applied one after another, so they alternate: add, withdraw, add, ...
        Assert.Equal((presses + 1) / 2, results.Count(r => r!.Change == VoteChange.Added));
        Assert.Equal(presses / 2, results.Count(r => r!.Change == VoteChange.Withdrawn));
        var expected = presses % 2;
        await using var db = await h.DbAsync();
        Assert.Equal(expected, await db.Set<Vote>().CountAsync(v => v.ArticleId == article));
        Assert.Equal([0, 0, expected, 0, 0], (await h.Reactions().GetTallyAsync(article, CancellationToken.None))!.Counts());
    }

    [Fact]
    public async Task Two_service_instances_on_one_file_still_keep_one_vote_per_reader_and_every_count()
    {
        // Each instance queues its own presses; across instances (two processes) only the database serialises them.
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (article, _) = await h.PublishAsync();
        var services = new[] { h.Get<ReactionService>(), ActivatorUtilities.CreateInstance<ReactionService>(h.Services, new Humas.Bot.Storage.SqliteWriteGate()) };
        Assert.NotSame(services[0], services[1]);

        var presses = Enumerable.Range(0, 60).Select(i => Task.Run(() => services[i % 2].VoteAsync(article, i < 20 ? "telegram:same" : $"telegram:{i}", 2, CancellationToken.None)));
        var results = await Task.WhenAll(presses);

        Assert.Equal(10, results.Take(20).Count(r => r!.Change == VoteChange.Added));
        Assert.Equal(10, results.Take(20).Count(r => r!.Change == VoteChange.Withdrawn));
        var tally = (await h.Reactions().GetTallyAsync(article, CancellationToken.None))!;
        Assert.Equal([0, 40, 0, 0, 0], tally.Counts());
        await using var db = await h.DbAsync();
        Assert.Equal(40, await db.Set<Vote>().CountAsync(v => v.ArticleId == article));
    }

    [Fact]
    public async Task Concurrent_votes_by_fifty_readers_lose_no_count()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (article, _) = await h.PublishAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => h.VoteAsync(article, $"telegram:{i}", i % 5 + 1))));

        Assert.All(results, r => Assert.Equal(VoteChange.Added, r!.Change));
        var tally = (await h.Reactions().GetTallyAsync(article, CancellationToken.None))!;
        Assert.Equal(50, tally.Total);
        Assert.Equal([10, 10, 10, 10, 10], tally.Counts());
        // Some press saw the final tally; the totals seen grow one by one.
        Assert.Equal(Enumerable.Range(1, 50), results.Select(r => r!.Tally.Total).Order());
    }

    [Fact]
    public async Task Concurrent_switches_by_fifty_readers_keep_the_tally_equal_to_the_votes()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: databaseKind);
        var (article, _) = await h.PublishAsync();
        for (var i = 0; i < 50; i++)
        {
            await h.VoteAsync(article, $"teams:{i}", 1);
        }

        // Each reader presses two other options at once: whatever order, they end switched, never counted twice.
        await Task.WhenAll(Enumerable.Range(0, 50).SelectMany(i => new[] { 2, 5 }.Select(o => Task.Run(() => h.VoteAsync(article, $"teams:{i}", o)))));

        var tally = (await h.Reactions().GetTallyAsync(article, CancellationToken.None))!;
        await using var db = await h.DbAsync();
        var byOption = await db.Set<Vote>().Where(v => v.ArticleId == article).GroupBy(v => v.OptionId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.Equal(50, tally.Total);
        Assert.Equal(0, tally.Counts()[0]);
        Assert.Equal(Enumerable.Range(1, 5).Select(o => byOption.SingleOrDefault(g => g.Key == o)?.Count ?? 0), tally.Counts());
    }

    private sealed class TallyComparer : IEqualityComparer<ReactionTally?>
    {
        public static readonly TallyComparer Instance = new();

        public bool Equals(ReactionTally? x, ReactionTally? y) =>
            x is not null && y is not null && x.ArticleId == y.ArticleId && x.Total == y.Total && x.Options.SequenceEqual(y.Options);

        public int GetHashCode(ReactionTally? obj) => obj?.ArticleId.GetHashCode() ?? 0;
    }
}

public sealed class ReactionServiceTestsOnSqlite() : ReactionServiceTests(DatabaseKind.Sqlite);

public sealed class ReactionServiceTestsOnPostgres() : ReactionServiceTests(DatabaseKind.Postgres);
