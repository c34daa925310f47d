using Humas.Bot.Tests.Support;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Delivery.Operations;
using Humas.Bot.Delivery.Progress;
using Humas.Bot.Ingestion.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Delivery;

public abstract class OperationsTests(DatabaseKind databaseKind)
{
    [Fact]
    public async Task Progress_counts_planned_sent_failed_remaining_with_rate_and_eta()
    {
        await using var h = await DeliveryHarness.CreateAsync(new() { ["Delivery:Concurrency"] = "4" }, db: databaseKind);
        for (var i = 0; i < 10; i++)
        {
            await h.SubscriberAsync($"r{i}");
        }

        h.Channel.Script = (_, to) => to.ExternalId is "r0" or "r1" ? new DeliveryFailure.MessageInvalid("too long") : null;
        var (articleId, eventId) = await h.PublishAsync();
        var progress = h.Get<DeliveryProgress>();
        var unplanned = (await progress.GetAsync(articleId, CancellationToken.None))!;
        Assert.True(unplanned.FanOutPending);
        Assert.False(unplanned.Done);
        await h.FanOut.PlanAsync(eventId, CancellationToken.None);

        var before = (await progress.GetAsync(articleId, CancellationToken.None))!;
        Assert.Equal((10, 0, 0, 10), (before.Planned, before.Sent, before.Failed, before.Remaining));
        Assert.Null(before.Eta);
        Assert.False(before.FanOutPending);

        // One pass of four (two rejected), then two seconds later another of four.
        await h.Dispatcher.RunOnceAsync(CancellationToken.None);
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        await h.Dispatcher.RunOnceAsync(CancellationToken.None);
        var middle = (await progress.GetAsync(articleId, CancellationToken.None))!;
        Assert.Equal((10, 6, 2, 2), (middle.Planned, middle.Sent, middle.Failed, middle.Remaining));
        Assert.Equal(3.0, middle.RatePerSecond, precision: 6); // 6 sent over 2 s
        Assert.Equal(2 / 3.0, middle.Eta!.Value.TotalSeconds, precision: 3);

        await h.DrainAsync();
        var done = (await progress.GetAsync(articleId, CancellationToken.None))!;
        Assert.Equal((10, 8, 2, 0), (done.Planned, done.Sent, done.Failed, done.Remaining));
        Assert.True(done.Done);
    }

    [Fact]
    public async Task Cancel_stops_what_is_pending_and_recall_deletes_what_was_sent()
    {
        await using var h = await DeliveryHarness.CreateAsync(new() { ["Delivery:Concurrency"] = "2" }, db: databaseKind);
        for (var i = 0; i < 4; i++)
        {
            await h.SubscriberAsync($"r{i}");
        }

        var articleId = await h.PublishAndPlanAsync();
        await h.Dispatcher.RunOnceAsync(CancellationToken.None);
        var operations = h.Get<DeliveryOperations>();

        Assert.Equal(2, await operations.CancelAsync(articleId, CancellationToken.None));
        Assert.Equal(0, await h.DrainAsync());
        Assert.Equal(2, h.Channel.Delivered.Count);

        var recall = await operations.RecallAsync(articleId, CancellationToken.None);

        Assert.Equal(new OperationSummary(0, 2, 0, 0), recall);
        var deleted = h.Channel.Calls.Where(c => c.Operation == "delete").Select(c => (c.To.ExternalId, c.MessageId)).Order().ToList();
        Assert.Equal(2, deleted.Count);
        Assert.Equal(["m1", "m2"], deleted.Select(d => d.MessageId).Order());
        // Each delete goes to the chat the message was sent to.
        var sentTo = (await h.DeliveriesAsync(articleId)).Where(d => d.MessageId != null).ToDictionary(d => d.MessageId!, d => d.ConversationId);
        foreach (var (externalId, messageId) in deleted)
        {
            Assert.Equal(externalId, (await h.ConversationAsync(sentTo[messageId!])).ExternalId);
        }
        var states = (await h.DeliveriesAsync(articleId)).Select(d => d.State).ToList();
        Assert.Equal(2, states.Count(s => s == DeliveryState.Recalled));
        Assert.Equal(2, states.Count(s => s == DeliveryState.Cancelled));

        // A second recall finds nothing left to delete.
        Assert.Equal(new OperationSummary(0, 0, 0, 0), await operations.RecallAsync(articleId, CancellationToken.None));
    }

    [Fact]
    public async Task Correct_edits_sent_messages_into_the_current_revision_once()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        await h.SubscriberAsync("a");
        await h.SubscriberAsync("b");
        var articleId = await h.PublishAndPlanAsync(title: "Salah ketik");
        await h.DrainAsync();
        var operations = h.Get<DeliveryOperations>();
        Assert.Equal(0, (await operations.CorrectAsync(articleId, CancellationToken.None)).Done);

        await using (var db = await h.DbAsync())
        {
            await db.Set<Article>().Where(a => a.Id == articleId)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Title, "Judul benar").SetProperty(a => a.Revision, 2));
        }

        var corrected = await operations.CorrectAsync(articleId, CancellationToken.None);

        Assert.Equal(2, corrected.Done);
        var edits = h.Channel.Calls.Where(c => c.Operation == "edit").ToList();
        Assert.Equal(["m1", "m2"], edits.Select(e => e.MessageId).Order());
        Assert.All(edits, e => Assert.Equal("Judul benar", Assert.IsType<ArticleMessage>(e.Message).Title));
        Assert.All(await h.DeliveriesAsync(articleId), d => Assert.Equal(2, d.SentRevision));
        Assert.Equal(0, (await operations.CorrectAsync(articleId, CancellationToken.None)).Done);
        Assert.Equal(2, h.Channel.Calls.Count(c => c.Operation == "edit"));
    }
}

public sealed class OperationsTestsOnSqlite() : OperationsTests(DatabaseKind.Sqlite);

public sealed class OperationsTestsOnPostgres() : OperationsTests(DatabaseKind.Postgres);
