using System.Collections.Concurrent;
using System.Data.Common;
using Humas.Bot.Feedback;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Humas.Bot.Tests.Feedback;

/// <summary>
/// On SQLite a vote batch whose every press an inbox hands over again until its done-mark commits without waiting for
/// the disk (synchronous NORMAL); any other vote waits (FULL), and the connection goes back to the pool waiting again.
/// The level is read on the committing connection itself, just before each commit.
/// </summary>
public sealed class RelaxedVoteCommitTests
{
    private const long Normal = 1;
    private const long Full = 2;

    [Fact]
    public async Task A_press_its_inbox_hands_over_again_commits_without_waiting_for_the_disk_and_every_other_vote_waits()
    {
        var commits = new CommitLevels();
        await using var h = await FeedbackHarness.CreateAsync(interceptor: commits);
        var (article, _) = await h.PublishAsync();
        var reactions = h.Reactions();

        commits.Seen.Clear();
        await reactions.VoteAsync(article, "telegram:1", 2, "telegram:/a", handedAgainUntilDone: true, CancellationToken.None);
        Assert.Equal([Normal], commits.Seen);

        commits.Seen.Clear();
        await reactions.VoteAsync(article, "telegram:2", 2, "telegram:/b", handedAgainUntilDone: false, CancellationToken.None);
        await reactions.VoteAsync(article, "telegram:3", 4, CancellationToken.None);
        await reactions.SetVoteAsync(article, "web:visitor", 3, CancellationToken.None);
        Assert.Equal([Full, Full, Full], commits.Seen);

        var tally = (await reactions.GetTallyAsync(article, CancellationToken.None))!;
        Assert.Equal([0, 2, 1, 1, 0], tally.Counts());
    }

    /// <summary>The connection's <c>PRAGMA synchronous</c> as each transaction commits.</summary>
    private sealed class CommitLevels : DbTransactionInterceptor
    {
        public ConcurrentQueue<long> Seen { get; } = new();

        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA synchronous";
            Seen.Enqueue(Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture));
            return result;
        }
    }
}
