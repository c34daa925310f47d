using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Delivery.Operations;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Delivery;

/// <summary>
/// Recall and correction are durable jobs: a row any instance claims with a lease, that survives a restart, is
/// retried like a delivery and carries its progress for the article page.
/// </summary>
public abstract class ArticleJobTests(DatabaseKind databaseKind)
{
    [Fact]
    public async Task A_recall_requested_in_a_host_stopped_before_it_ran_is_completed_by_the_next_host_on_the_database()
    {
        using var database = new TestDatabase(migrate: true, databaseKind);
        Guid articleId;
        await using (var first = await DeliveryHarness.CreateAsync(shared: database))
        {
            for (var i = 0; i < 3; i++)
            {
                await first.SubscriberAsync($"r{i}");
            }

            articleId = await first.PublishAndPlanAsync();
            Assert.Equal(3, await first.DrainAsync());
            var jobs = first.Get<ArticleJobs>();
            Assert.NotNull(await jobs.RequestAsync(articleId, ArticleJobKind.Recall, "redaktur@setneg.go.id", CancellationToken.None));
            // One job per article at a time, whoever asks.
            Assert.Null(await jobs.RequestAsync(articleId, ArticleJobKind.Correct, "lain@setneg.go.id", CancellationToken.None));
            var waiting = (await jobs.LatestAsync(articleId, CancellationToken.None))!;
            Assert.Equal((ArticleJobState.Pending, 0, 3), (waiting.Job.State, waiting.Job.Done, waiting.Remaining));
            // The host stops here, its workers never having started: nothing was deleted.
            Assert.DoesNotContain(first.Channel.Calls, c => c.Operation == "delete");
        }

        await using var second = await DeliveryHarness.CreateAsync(shared: database);
        await second.StartAsync();

        ArticleJobStatus? latest = null;
        // Two minutes, as it always was here: a second host starts and takes the job over.
        await Eventually.UntilAsync(
            async () => (latest = await second.Get<ArticleJobs>().LatestAsync(articleId, CancellationToken.None))?.Job.State == ArticleJobState.Done,
            "the job taken over and done", TimeSpan.FromMinutes(2));
        var done = latest!;
        Assert.Equal((3, 0, 0), (done.Job.Done, done.Job.Failed, done.Remaining));
        Assert.Equal(1, done.Job.Attempts);
        Assert.NotNull(done.Job.FinishedAt);
        Assert.Equal(3, second.Channel.Calls.Count(c => c.Operation == "delete"));
        Assert.All(await second.DeliveriesAsync(articleId), d => Assert.Equal(DeliveryState.Recalled, d.State));
        // Finished, so the article may have another job.
        Assert.NotNull(await second.Get<ArticleJobs>().RequestAsync(articleId, ArticleJobKind.Correct, "redaktur@setneg.go.id", CancellationToken.None));
    }

    [Fact]
    public async Task A_job_whose_worker_died_mid_run_is_taken_over_once_its_lease_expires()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        await h.SubscriberAsync("a");
        await h.SubscriberAsync("b");
        var articleId = await h.PublishAndPlanAsync(title: "Salah ketik");
        await h.DrainAsync();
        var now = h.Clock.GetUtcNow().UtcDateTime;
        await using (var db = await h.DbAsync())
        {
            await db.Set<Article>().Where(a => a.Id == articleId).ExecuteUpdateAsync(u => u.SetProperty(a => a.Title, "Judul benar").SetProperty(a => a.Revision, 2));
            // Claimed by an instance that then died: its lease runs for another 30 s.
            db.Add(new ArticleJob
            {
                ArticleId = articleId, Kind = ArticleJobKind.Correct, State = ArticleJobState.Running, RequestedBy = "redaktur",
                LeaseOwner = "dead-instance#1", LeaseExpiresAt = now.AddSeconds(30), NextAttemptAt = now, CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        var runner = h.Get<ArticleJobRunner>();
        Assert.False(await runner.RunOnceAsync(CancellationToken.None));
        Assert.DoesNotContain(h.Channel.Calls, c => c.Operation == "edit");

        h.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await runner.RunOnceAsync(CancellationToken.None));

        var status = (await h.Get<ArticleJobs>().LatestAsync(articleId, CancellationToken.None))!;
        Assert.Equal((ArticleJobState.Done, 2, 0), (status.Job.State, status.Job.Done, status.Job.Failed));
        Assert.Null(status.Job.LeaseOwner);
        Assert.Equal(["m1", "m2"], h.Channel.Calls.Where(c => c.Operation == "edit").Select(c => c.MessageId).Order());
        Assert.False(await runner.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Copies_that_failed_transiently_are_retried_by_a_later_run_and_the_job_counts_them()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        await h.SubscriberAsync("ok");
        await h.SubscriberAsync("busy");
        var articleId = await h.PublishAndPlanAsync();
        await h.DrainAsync();
        // A 429 longer than a recall waits (an hour): this run leaves the copy for the next.
        h.Channel.Script = (operation, to) => operation == "delete" && to.ExternalId == "busy"
            ? new DeliveryFailure.RetryAfter(RateLimitScope.Conversation, TimeSpan.FromHours(2), "Too Many Requests")
            : null;
        await h.Get<ArticleJobs>().RequestAsync(articleId, ArticleJobKind.Recall, "redaktur", CancellationToken.None);
        var runner = h.Get<ArticleJobRunner>();

        Assert.True(await runner.RunOnceAsync(CancellationToken.None));
        var first = (await h.Get<ArticleJobs>().LatestAsync(articleId, CancellationToken.None))!;
        Assert.Equal((ArticleJobState.Retrying, 1, 1, 1), (first.Job.State, first.Job.Done, first.Job.Failed, first.Remaining));
        Assert.Contains("retrying", first.Job.LastError, StringComparison.Ordinal);
        // Not due before its backoff.
        Assert.False(await runner.RunOnceAsync(CancellationToken.None));

        h.Channel.Script = (_, _) => null;
        h.Clock.Advance(TimeSpan.FromHours(3));
        Assert.True(await runner.RunOnceAsync(CancellationToken.None));

        var second = (await h.Get<ArticleJobs>().LatestAsync(articleId, CancellationToken.None))!;
        Assert.Equal((ArticleJobState.Done, 2, 0, 0, 2), (second.Job.State, second.Job.Done, second.Job.Failed, second.Remaining, second.Job.Attempts));
        Assert.Null(second.Job.LastError);
        Assert.All(await h.DeliveriesAsync(articleId), d => Assert.Equal(DeliveryState.Recalled, d.State));
    }
}

public sealed class ArticleJobTestsOnSqlite() : ArticleJobTests(DatabaseKind.Sqlite);

public sealed class ArticleJobTestsOnPostgres() : ArticleJobTests(DatabaseKind.Postgres);
