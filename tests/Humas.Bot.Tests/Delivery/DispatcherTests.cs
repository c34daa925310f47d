using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Dispatch;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Tests.Delivery;

public abstract class DispatcherTests(DatabaseKind databaseKind)
{
    [Fact]
    public async Task Sent_deliveries_keep_the_platform_message_id()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        await h.SubscriberAsync("a");
        var articleId = await h.PublishAndPlanAsync(title: "Presiden meresmikan");

        await h.DrainAsync();

        var delivery = Assert.Single(await h.DeliveriesAsync(articleId));
        Assert.Equal(DeliveryState.Sent, delivery.State);
        Assert.Equal("m1", delivery.MessageId);
        Assert.Equal(1, delivery.Attempts);
        var message = Assert.IsType<ArticleMessage>(Assert.Single(h.Channel.Delivered).Message);
        Assert.Equal("Presiden meresmikan", message.Title);
        Assert.Equal("SETNEG", message.InstitutionName);
    }

    [Fact]
    public async Task A_crashed_workers_leases_come_back_after_they_expire()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        await h.SubscriberAsync("a");
        await h.SubscriberAsync("b");
        var articleId = await h.PublishAndPlanAsync();
        await using (var db = await h.DbAsync())
        {
            // A worker leases both rows and dies before sending.
            var leased = await DeliveryOutbox.LeaseAsync(db, h.Get<SqliteWriteGate>(), "dead-worker", h.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(30), 10, expired: true, CancellationToken.None);
            Assert.Equal(2, leased.Count);
        }

        Assert.Equal(0, await h.DrainAsync());
        h.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await h.DrainAsync());
        Assert.Empty(h.Channel.Sends);

        h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await h.DrainAsync());
        Assert.All(await h.DeliveriesAsync(articleId), d => Assert.Equal(DeliveryState.Sent, d.State));
        Assert.Equal(2, h.Channel.Delivered.Count);
    }

    [Fact]
    public async Task Expired_leases_are_looked_for_about_once_a_second_not_by_every_lease()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        await h.SubscriberAsync("a");
        await h.SubscriberAsync("b");
        await h.PublishAndPlanAsync();
        await using (var db = await h.DbAsync())
        {
            Assert.Equal(2, (await DeliveryOutbox.LeaseAsync(db, h.Get<SqliteWriteGate>(), "dead-worker", h.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(30), 10, expired: true, CancellationToken.None)).Count);
        }

        // Looked just before the leases expire: nothing yet.
        h.Clock.Advance(TimeSpan.FromSeconds(29.5));
        Assert.Equal(0, await h.DrainAsync());

        // Expired, but the last look was half a second ago: this pass does not look (it would read every row in
        // state Sending to find them).
        h.Clock.Advance(TimeSpan.FromSeconds(0.6));
        Assert.Equal(0, await h.DrainAsync());

        // A second after the last look, the next pass finds and sends them.
        h.Clock.Advance(TimeSpan.FromSeconds(0.4));
        Assert.Equal(2, await h.DrainAsync());
        Assert.Equal(2, h.Channel.Delivered.Count);
    }

    [Fact]
    public async Task Without_the_look_for_expired_leases_a_lease_takes_only_due_rows()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        await h.SubscriberAsync("a");
        await h.SubscriberAsync("b");
        await h.PublishAndPlanAsync();
        var gate = h.Get<SqliteWriteGate>();
        await using var db = await h.DbAsync();
        var first = await DeliveryOutbox.LeaseAsync(db, gate, "dead-worker", h.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(30), 1, expired: true, CancellationToken.None);
        h.Clock.Advance(TimeSpan.FromSeconds(31));
        var now = h.Clock.GetUtcNow().UtcDateTime;

        var due = await DeliveryOutbox.LeaseAsync(db, gate, "second-worker", now, TimeSpan.FromSeconds(30), 10, expired: false, CancellationToken.None);
        var expired = await DeliveryOutbox.LeaseAsync(db, gate, "third-worker", now, TimeSpan.FromSeconds(30), 10, expired: true, CancellationToken.None);

        var pending = Assert.Single(due);
        Assert.NotEqual(Assert.Single(first), pending);
        Assert.Equal(first, expired);
    }

    [Fact]
    public async Task Sends_are_recorded_in_one_group_only_for_the_rows_whose_lease_the_worker_still_holds()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        await h.SubscriberAsync("a");
        await h.SubscriberAsync("b");
        await h.SubscriberAsync("c");
        var articleId = await h.PublishAndPlanAsync();
        var now = h.Clock.GetUtcNow().UtcDateTime;
        List<long> leased;
        await using (var db = await h.DbAsync())
        {
            leased = await DeliveryOutbox.LeaseAsync(db, h.Get<SqliteWriteGate>(), "slow-worker", now, TimeSpan.FromSeconds(30), 10, expired: true, CancellationToken.None);
        }

        Assert.Equal(3, leased.Count);
        // The slow worker's leases expired and another worker took one of the rows over.
        long taken;
        h.Clock.Advance(TimeSpan.FromSeconds(31));
        await using (var db = await h.DbAsync())
        {
            taken = Assert.Single(await DeliveryOutbox.LeaseAsync(db, h.Get<SqliteWriteGate>(), "second-worker", h.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(30), 1, expired: true, CancellationToken.None));
        }

        await using (var db = await h.DbAsync())
        {
            await db.InTransactionAsync(async () =>
            {
                await DeliveryOutbox.MarkSentAsync(
                    db, [.. leased.Select((id, i) => (id, "slow-worker", new DispatchOutcome.Sent($"m-{i}", 3)))], h.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
                return 0;
            }, CancellationToken.None);
        }

        var rows = (await h.DeliveriesAsync(articleId)).ToDictionary(d => d.Id);
        Assert.Equal(DeliveryState.Sending, rows[taken].State);
        Assert.Equal("second-worker", rows[taken].LeaseOwner);
        Assert.Null(rows[taken].MessageId);
        for (var i = 0; i < leased.Count; i++)
        {
            if (leased[i] == taken)
            {
                continue;
            }

            Assert.Equal(DeliveryState.Sent, rows[leased[i]].State);
            Assert.Equal($"m-{i}", rows[leased[i]].MessageId);
            Assert.Equal(3, rows[leased[i]].SentRevision);
            Assert.Equal(1, rows[leased[i]].Attempts);
            Assert.Null(rows[leased[i]].LeaseOwner);
        }
    }

    [Fact]
    public async Task Transient_errors_retry_with_backoff_then_give_up_with_the_reason()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        var flakyConversation = await h.SubscriberAsync("flaky");
        var downConversation = await h.SubscriberAsync("down");
        var flakyFailures = 1;
        h.Channel.Script = (_, to) => to.ExternalId switch
        {
            "down" => new DeliveryFailure.Transient("502 Bad Gateway"),
            "flaky" when flakyFailures-- > 0 => new DeliveryFailure.Transient("connection reset"),
            _ => null,
        };
        var articleId = await h.PublishAndPlanAsync();

        await h.DrainAsync();
        var afterFirst = await h.DeliveriesAsync(articleId);
        Assert.All(afterFirst, d => Assert.Equal(DeliveryState.Retrying, d.State));
        // Backoff after the first failure: base 1 s with equal jitter, so between 0.5 and 1 s.
        Assert.All(afterFirst, d => Assert.InRange(d.NextAttemptAt - h.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1)));

        for (var i = 0; i < 10; i++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(10));
            await h.DrainAsync();
        }

        var final = await h.DeliveriesAsync(articleId);
        var flaky = final.Single(d => d.ConversationId == flakyConversation.Id);
        Assert.Equal(DeliveryState.Sent, flaky.State);
        Assert.Equal(2, flaky.Attempts);
        var down = final.Single(d => d.ConversationId == downConversation.Id);
        Assert.Equal(DeliveryState.GaveUp, down.State);
        Assert.Equal(3, down.Attempts);
        Assert.Contains("gave up after 3 attempts", down.LastError);
        Assert.Contains("502 Bad Gateway", down.LastError);
        Assert.Equal(3, h.Channel.Sends.Count(c => c.To.ExternalId == "down"));
    }

    [Fact]
    public async Task A_recipient_who_is_gone_is_deactivated_and_its_queue_skipped()
    {
        await using var h = await DeliveryHarness.CreateAsync(new() { ["Delivery:Concurrency"] = "1" }, db: databaseKind);
        var gone = await h.SubscriberAsync("gone");
        h.Channel.Script = (_, to) => to.ExternalId == "gone" ? new DeliveryFailure.RecipientGone("Forbidden: bot was blocked by the user") : null;
        var first = await h.PublishAndPlanAsync();
        var second = await h.PublishAndPlanAsync();

        await h.DrainAsync();

        Assert.Single(h.Channel.Sends);
        var conversation = await h.ConversationAsync(gone.Id);
        Assert.Equal(ConversationStatus.Blocked, conversation.Status);
        Assert.Contains("blocked by the user", conversation.StatusReason);
        var deliveries = await h.DeliveriesAsync();
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(DeliveryState.Skipped, d.State));
        Assert.All(deliveries, d => Assert.Contains("blocked by the user", d.LastError));
        Assert.Contains(deliveries, d => d.ArticleId == first);
        Assert.Contains(deliveries, d => d.ArticleId == second);
    }

    [Fact]
    public async Task A_group_upgraded_to_a_supergroup_is_moved_and_the_message_resent_there()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        var group = await h.SubscriberAsync("-100", kind: ConversationKind.Group);
        h.Channel.Script = (_, to) => to.ExternalId == "-100"
            ? new DeliveryFailure.RecipientGone("Bad Request: group chat was upgraded to a supergroup chat", MovedToExternalId: "-1009999")
            : null;
        var articleId = await h.PublishAndPlanAsync();

        await h.DrainAsync();

        Assert.Equal(["-100", "-1009999"], h.Channel.Sends.Select(c => c.To.ExternalId));
        Assert.Equal(["-1009999"], h.Channel.Delivered.Select(c => c.To.ExternalId));
        var conversation = await h.ConversationAsync(group.Id);
        Assert.Equal("-1009999", conversation.ExternalId);
        Assert.Equal(ConversationStatus.Active, conversation.Status);
        Assert.Equal(DeliveryState.Sent, Assert.Single(await h.DeliveriesAsync(articleId)).State);
    }

    [Fact]
    public async Task A_rejected_message_gives_up_at_once()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        await h.SubscriberAsync("a");
        h.Channel.Script = (_, _) => new DeliveryFailure.MessageInvalid("Bad Request: can't parse entities");
        var articleId = await h.PublishAndPlanAsync();

        await h.DrainAsync();

        var delivery = Assert.Single(await h.DeliveriesAsync(articleId));
        Assert.Equal(DeliveryState.GaveUp, delivery.State);
        Assert.Contains("can't parse entities", delivery.LastError);
        Assert.Single(h.Channel.Sends);
    }

    [Fact]
    public async Task A_delivery_that_cannot_be_prepared_does_not_lose_the_record_of_the_others()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        var broken = await h.SubscriberAsync("broken");
        await h.SubscriberAsync("fine");
        var articleId = await h.PublishAndPlanAsync();
        await using (var db = await h.DbAsync())
        {
            var now = h.Clock.GetUtcNow().UtcDateTime;
            db.Add(new DeliveryRecord
            {
                Kind = DeliveryKind.Digest, ConversationId = broken.Id, State = DeliveryState.Pending,
                NextAttemptAt = now, Payload = "not json", CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(3, await h.Dispatcher.RunOnceAsync(CancellationToken.None));

        Assert.All(await h.DeliveriesAsync(articleId), d => Assert.Equal(DeliveryState.Sent, d.State));
        var digest = (await h.DeliveriesAsync()).Single(d => d.Kind == DeliveryKind.Digest);
        Assert.Equal(DeliveryState.Pending, digest.State);
        Assert.StartsWith("internal error", digest.LastError);
        Assert.True(digest.NextAttemptAt > h.Clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task Each_result_is_recorded_while_other_sends_are_still_in_flight()
    {
        // The crash window is what is on the wire: a slow send must not keep the finished ones unrecorded.
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        var slow = await h.SubscriberAsync("slow");
        await h.SubscriberAsync("a");
        await h.SubscriberAsync("b");
        var articleId = await h.PublishAndPlanAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Channel.Hold = to => to.ExternalId == slow.ExternalId ? release.Task : Task.CompletedTask;

        var pass = h.Dispatcher.RunOnceAsync(CancellationToken.None);
        await Eventually.UntilAsync(async () => (await h.DeliveriesAsync(articleId)).Count(d => d.State == DeliveryState.Sent) == 2, "two sent", Patience);

        Assert.False(pass.IsCompleted);
        Assert.Equal(DeliveryState.Sending, (await h.DeliveriesAsync(articleId)).Single(d => d.ConversationId == slow.Id).State);
        release.SetResult();
        Assert.Equal(3, await pass);
        Assert.All(await h.DeliveriesAsync(articleId), d => Assert.Equal(DeliveryState.Sent, d.State));
    }

    [Fact]
    public async Task The_continuous_mode_leases_more_while_earlier_sends_are_in_flight_and_never_more_than_Concurrency()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind, settings: new() { ["Delivery:Concurrency"] = "20" });
        var slow = await h.SubscriberAsync("slow");
        for (var i = 0; i < 59; i++)
        {
            await h.SubscriberAsync($"r{i}");
        }

        var articleId = await h.PublishAndPlanAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Channel.Hold = to => to.ExternalId == slow.ExternalId ? release.Task : Task.CompletedTask;
        var leasedAtMost = 0;
        var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                var leased = (await h.DeliveriesAsync(articleId)).Count(d => d.State == DeliveryState.Sending);
                leasedAtMost = Math.Max(leasedAtMost, leased);
                await Task.Delay(5);
            }
        });

        var run = h.Dispatcher.RunContinuouslyAsync(CancellationToken.None);
        // Everyone but the held reader is sent, across several leases, while the first lease's slow send is still out.
        await Eventually.UntilAsync(async () => (await h.DeliveriesAsync(articleId)).Count(d => d.State == DeliveryState.Sent) == 59, "everyone but the held reader sent", Patience);
        Assert.False(run.IsCompleted);
        // The held reader is leased now (read here as well: on a busy machine the watcher, which bounds the most leased
        // at once, may not have run yet).
        var heldNow = (await h.DeliveriesAsync(articleId)).Count(d => d.State == DeliveryState.Sending);
        Assert.Equal(1, heldNow);
        release.SetResult();
        Assert.Equal(60, await run);
        await watching.CancelAsync();
        await watcher;

        Assert.All(await h.DeliveriesAsync(articleId), d => Assert.Equal(DeliveryState.Sent, d.State));
        Assert.InRange(leasedAtMost, 0, 20);
        Assert.Equal(60, h.Channel.Delivered.Count);
    }

    [Fact]
    public async Task A_lease_in_progress_does_not_hold_back_the_record_of_a_send_already_answered()
    {
        // What a crash sends twice is what is on the wire plus about one commit: an answered send waits for no lease.
        var hook = new StatementHook();
        await using var h = await HookedHarnessAsync(hook);
        var (readers, articleId) = await TwentyReadersAndAnArticleAsync(h);
        // The first lease's first two sends wait for their answers; the rest are answered at once.
        var answerLate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answerLast = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = HoldFirstSends(h, answerLate.Task, answerLast.Task);
        var leaseLoading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finishLease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loads = 0;
        hook.BeforeQuery = async command =>
        {
            // The second lease's rows: held until the test lets it go.
            if (IsLeasedRowsLoad(command) && Interlocked.Increment(ref loads) == 2)
            {
                leaseLoading.SetResult();
                await finishLease.Task;
            }
        };

        var run = h.Dispatcher.RunContinuouslyAsync(CancellationToken.None);
        await leaseLoading.Task.WaitAsync(Patience);
        answerLate.SetResult();

        var late = readers[held[0]];
        await Eventually.UntilAsync(async () => (await h.DeliveriesAsync(articleId)).Single(d => d.ConversationId == late).State == DeliveryState.Sent, "the late reader sent", Patience);
        Assert.False(finishLease.Task.IsCompleted);
        finishLease.SetResult();
        answerLast.SetResult();
        Assert.Equal(20, await run.WaitAsync(Patience));
        Assert.All(await h.DeliveriesAsync(articleId), d => Assert.Equal(DeliveryState.Sent, d.State));
        Assert.Equal(20, h.Channel.Delivered.Count);
    }

    [Fact]
    public async Task A_lease_that_fails_while_sends_are_in_flight_fails_the_run_only_once_they_are_recorded()
    {
        var hook = new StatementHook();
        await using var h = await HookedHarnessAsync(hook);
        var (readers, articleId) = await TwentyReadersAndAnArticleAsync(h);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = HoldFirstSends(h, answer.Task);
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loads = 0;
        hook.BeforeQuery = command =>
        {
            if (IsLeasedRowsLoad(command) && Interlocked.Increment(ref loads) == 2)
            {
                failed.SetResult();
                throw new InvalidOperationException("the database went away");
            }

            return Task.CompletedTask;
        };

        var run = h.Dispatcher.RunContinuouslyAsync(CancellationToken.None);
        await failed.Task.WaitAsync(Patience);
        answer.SetResult();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(Patience));
        Assert.Equal("the database went away", error.Message);
        var deliveries = await h.DeliveriesAsync(articleId);
        // The first lease's sends, the slow one included, are all recorded; the failed lease's rows go back when it expires.
        Assert.Equal(h.Channel.Delivered.Count, deliveries.Count(d => d.State == DeliveryState.Sent));
        var slow = readers[held[0]];
        Assert.Equal(DeliveryState.Sent, deliveries.Single(d => d.ConversationId == slow).State);
    }

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>A harness whose every query passes <paramref name="hook"/> first.</summary>
    private Task<DeliveryHarness> HookedHarnessAsync(StatementHook hook) =>
        DeliveryHarness.CreateAsync(db: databaseKind, configure: (b, _) => b.Services.AddSingleton<IInterceptor>(hook));

    /// <summary>20 readers (their conversation ids by external id) and one article planned to them.</summary>
    private static async Task<(Dictionary<string, long> Readers, Guid ArticleId)> TwentyReadersAndAnArticleAsync(DeliveryHarness h)
    {
        var readers = new Dictionary<string, long>();
        for (var i = 0; i < 20; i++)
        {
            readers[$"r{i}"] = (await h.SubscriberAsync($"r{i}")).Id;
        }

        return (readers, await h.PublishAndPlanAsync());
    }

    /// <summary>The first sends wait for <paramref name="answers"/>, one each, in the order they arrive; returns the chats held.</summary>
    private static List<string> HoldFirstSends(DeliveryHarness h, params Task[] answers)
    {
        var held = new List<string>();
        h.Channel.Hold = to =>
        {
            lock (held)
            {
                if (held.Count < answers.Length)
                {
                    held.Add(to.ExternalId);
                    return answers[held.Count - 1];
                }
            }

            return Task.CompletedTask;
        };
        return held;
    }

    /// <summary>The dispatcher's load of the rows it just leased, whole (the lease's own reads take their ids only).</summary>
    private static bool IsLeasedRowsLoad(System.Data.Common.DbCommand command) =>
        command.CommandText.Contains("FROM \"Deliveries\"", StringComparison.Ordinal) && command.CommandText.Contains("\"Payload\"", StringComparison.Ordinal);
}

public sealed class DispatcherTestsOnSqlite() : DispatcherTests(DatabaseKind.Sqlite);

public sealed class DispatcherTestsOnPostgres() : DispatcherTests(DatabaseKind.Postgres);
