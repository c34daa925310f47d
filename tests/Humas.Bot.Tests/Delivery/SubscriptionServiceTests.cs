using Humas.Bot.Tests.Support;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Tests.Delivery;

public abstract class SubscriptionServiceTests(DatabaseKind databaseKind)
{
    [Fact]
    public async Task Subscribing_twice_is_one_subscription_and_unsubscribing_removes_only_that_one()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        var c = await h.SubscriberAsync("r", SubscriptionTarget.Institution, "setneg");
        await h.Subscriptions.SubscribeAsync(c.Id, SubscriptionTarget.Institution, " setneg ");
        await h.Subscriptions.SubscribeAsync(c.Id, SubscriptionTarget.Category, "Ekonomi");
        Assert.Equal(2, (await h.Subscriptions.ListAsync(c.Id)).Count);

        Assert.Equal(1, await h.Subscriptions.UnsubscribeAsync(c.Id, SubscriptionTarget.Institution, "setneg"));
        Assert.Equal([SubscriptionTarget.Category], (await h.Subscriptions.ListAsync(c.Id)).Select(s => s.Target));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Subscriptions.SubscribeAsync(c.Id, SubscriptionTarget.Institution, ""));
    }

    [Fact]
    public async Task The_same_platform_chat_is_one_conversation()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        var address = new ConversationAddress("test", "42", ConversationKind.Group);
        var first = await h.Subscriptions.EnsureConversationAsync(address, "Humas Group");
        var again = await h.Subscriptions.EnsureConversationAsync(address);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal("Humas Group", again.Title);
    }

    [Fact]
    public async Task A_blocked_reader_who_returns_gets_new_articles_again()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        var c = await h.SubscriberAsync("r");
        await h.Subscriptions.DeactivateAsync(c.Id, ConversationStatus.Blocked, "blocked");
        var missed = await h.PublishAndPlanAsync();
        await h.Subscriptions.ReactivateAsync(c.Id);
        var next = await h.PublishAndPlanAsync();

        Assert.Empty(await h.DeliveriesAsync(missed));
        Assert.Single(await h.DeliveriesAsync(next));
        Assert.Equal(ConversationStatus.Active, (await h.ConversationAsync(c.Id)).Status);
    }

    [Fact]
    public async Task Moving_onto_a_chat_that_already_exists_retires_the_old_one()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        var old = await h.SubscriberAsync("-100", kind: ConversationKind.Group);
        var existing = await h.SubscriberAsync("-1009999", kind: ConversationKind.Group);
        var articleId = await h.PublishAndPlanAsync();

        Assert.False(await h.Subscriptions.MoveAsync(old.Id, "-1009999"));

        Assert.Equal(ConversationStatus.Left, (await h.ConversationAsync(old.Id)).Status);
        await h.DrainAsync();
        var deliveries = await h.DeliveriesAsync(articleId);
        Assert.Equal(DeliveryState.Skipped, deliveries.Single(d => d.ConversationId == old.Id).State);
        Assert.Equal(DeliveryState.Sent, deliveries.Single(d => d.ConversationId == existing.Id).State);
    }
}

public sealed class SubscriptionServiceTestsOnSqlite() : SubscriptionServiceTests(DatabaseKind.Sqlite);

public sealed class SubscriptionServiceTestsOnPostgres() : SubscriptionServiceTests(DatabaseKind.Postgres);
