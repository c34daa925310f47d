using Humas.Bot.Tests.Support;
using System.Diagnostics;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Delivery;

public abstract class FanOutTests(DatabaseKind databaseKind)
{
    [Fact]
    public async Task An_article_reaches_exactly_the_active_conversations_that_follow_it()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        var all = await h.SubscriberAsync("all");
        var setneg = await h.SubscriberAsync("setneg", SubscriptionTarget.Institution, "setneg");
        var economy = await h.SubscriberAsync("economy", SubscriptionTarget.Category, "Ekonomi");
        await h.SubscriberAsync("other-institution", SubscriptionTarget.Institution, "kemenkes");
        await h.SubscriberAsync("other-category", SubscriptionTarget.Category, "Olahraga");
        var blocked = await h.SubscriberAsync("blocked");
        await h.Subscriptions.DeactivateAsync(blocked.Id, ConversationStatus.Blocked, "bot was blocked by the user");
        var digest = await h.SubscriberAsync("digest");
        await h.Subscriptions.SetModeAsync(digest.Id, DeliveryMode.DailyDigest);
        // Two matching subscriptions still mean one delivery.
        await h.Subscriptions.SubscribeAsync(setneg.Id, SubscriptionTarget.Category, "Ekonomi");

        var articleId = await h.PublishAndPlanAsync("setneg", "Ekonomi");

        var deliveries = await h.DeliveriesAsync(articleId);
        Assert.Equal(new[] { all.Id, setneg.Id, economy.Id }.Order(), deliveries.Select(d => d.ConversationId).Order());
        Assert.All(deliveries, d => Assert.Equal(DeliveryState.Pending, d.State));
    }

    [Fact]
    public async Task A_category_is_followed_whatever_its_case_by_the_fan_out_and_by_the_digests_filter_alike()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        var capitalised = await h.SubscriberAsync("capitalised", SubscriptionTarget.Category, "Ekonomi");
        var shouting = await h.SubscriberAsync("shouting", SubscriptionTarget.Category, "EKONOMI");
        await h.SubscriberAsync("other-category", SubscriptionTarget.Category, "Olahraga");

        var articleId = await h.PublishAndPlanAsync("setneg", "ekonomi");

        var deliveries = await h.DeliveriesAsync(articleId);
        Assert.Equal(new[] { capitalised.Id, shouting.Id }.Order(), deliveries.Select(d => d.ConversationId).Order());
        await using var db = await h.DbAsync();
        foreach (var reader in new[] { capitalised, shouting })
        {
            var follows = await Humas.Bot.Search.Follows.OfAsync(db, reader.Id, CancellationToken.None);
            Assert.Equal([articleId], await db.Set<Article>().Where(follows.Matches(db)).Select(a => a.Id).ToListAsync());
        }
    }

    [Fact]
    public async Task Planning_again_creates_nothing_twice_and_marks_the_event_processed()
    {
        await using var h = await DeliveryHarness.CreateAsync(new() { ["Delivery:FanOutBatchSize"] = "100" }, db: databaseKind);
        for (var i = 0; i < 250; i++)
        {
            await h.SubscriberAsync($"c{i}");
        }

        var (articleId, eventId) = await h.PublishAsync();
        Assert.Equal(250, await h.FanOut.PlanAsync(eventId, CancellationToken.None));

        // A crash after some batches: the event is still unprocessed and is planned again.
        await using (var db = await h.DbAsync())
        {
            await db.Set<ArticleEvent>().ExecuteUpdateAsync(u => u.SetProperty(e => e.ProcessedAt, (DateTime?)null));
        }

        Assert.Equal(1, await h.FanOut.PlanPendingAsync(CancellationToken.None));
        Assert.Equal(250, (await h.DeliveriesAsync(articleId)).Count);
        await using (var db = await h.DbAsync())
        {
            Assert.NotNull((await db.Set<ArticleEvent>().SingleAsync(e => e.Id == eventId)).ProcessedAt);
        }

        Assert.Equal(0, await h.FanOut.PlanPendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Hundred_thousand_subscribers_are_planned_with_set_based_inserts()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        await using (var db = await h.DbAsync())
        {
            // Seeded in SQL: 100,000 conversations through EF would measure the seeding, not the fan-out.
            await db.Database.ExecuteSqlRawAsync("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                INSERT INTO "Conversations" ("Channel", "ExternalId", "Kind", "Language", "Status", "DeliveryMode", "DigestHour", "DigestDay", "CreatedAt", "UpdatedAt")
                SELECT 'test', CAST(i AS TEXT), 'Private', 'id', 'Active', 'Instant', 7, 'Monday', '2026-11-23 00:00:00', '2026-11-23 00:00:00' FROM n;
                INSERT INTO "Subscriptions" ("ConversationId", "Target", "Value", "CreatedAt")
                SELECT "Id", 'All', '', '2026-11-23 00:00:00' FROM "Conversations";
                """);
        }

        var (articleId, eventId) = await h.PublishAsync();
        var watch = Stopwatch.StartNew();
        var planned = await h.FanOut.PlanAsync(eventId, CancellationToken.None);
        watch.Stop();

        Assert.Equal(100_000, planned);
        await using (var db = await h.DbAsync())
        {
            Assert.Equal(100_000, await db.Set<DeliveryRecord>().CountAsync(d => d.ArticleId == articleId));
        }

        // The goal is 2 s on an idle benchmark machine (about 1.3 s here in Debug); the bound leaves room for
        // a loaded shared test runner while still failing if planning ever becomes per-row, which takes minutes.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"planning took {watch.Elapsed}");
    }
}

public sealed class FanOutTestsOnSqlite() : FanOutTests(DatabaseKind.Sqlite);

public sealed class FanOutTestsOnPostgres() : FanOutTests(DatabaseKind.Postgres);
