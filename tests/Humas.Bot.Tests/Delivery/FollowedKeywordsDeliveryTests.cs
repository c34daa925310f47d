using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Digests;
using Humas.Bot.Search;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Delivery;

/// <summary>Keywords and categories as the fan-out and the digests read them, on both databases.</summary>
public abstract class FollowedKeywordsDeliveryTests(DatabaseKind databaseKind)
{
    private const string AidTitle = "Penyaluran BANSOS tahap IV dimulai";
    private const string AidBody = "Bantuan juga untuk korban Banjir Jakarta, Bekasi dan Bogor.";

    [Fact]
    public async Task A_keyword_reader_gets_the_articles_holding_the_words_once_however_many_rules_match()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        var many = await h.SubscriberAsync("many-rules", SubscriptionTarget.Keyword, "bansos");
        await h.Subscriptions.SubscribeAsync(many.Id, SubscriptionTarget.Keyword, "banjir jakarta");
        await h.Subscriptions.SubscribeAsync(many.Id, SubscriptionTarget.Category, "Sosial");
        await h.Subscriptions.SubscribeAsync(many.Id, SubscriptionTarget.Institution, "kemensos");
        var phrase = await h.SubscriberAsync("phrase", SubscriptionTarget.Keyword, "banjir jakarta");
        var prefix = await h.SubscriberAsync("prefix", SubscriptionTarget.Keyword, "bans");
        var other = await h.SubscriberAsync("other", SubscriptionTarget.Keyword, "beasiswa");

        var aid = await h.PublishAndPlanAsync("kemensos", "Sosial", AidTitle, body: AidBody);
        var scattered = await h.PublishAndPlanAsync("bnpb", title: "Banjir di Jakarta surut", summary: "Bansosnya menyusul.");

        Assert.Equal(new[] { many.Id, phrase.Id }.Order(), (await h.DeliveriesAsync(aid)).Select(d => d.ConversationId).Order());
        Assert.Empty(await h.DeliveriesAsync(scattered));
        Assert.DoesNotContain(await h.DeliveriesAsync(), d => d.ConversationId == prefix.Id || d.ConversationId == other.Id);

        // Each distinct keyword was matched once for the article, whatever the number of readers following it.
        await using var db = await h.DbAsync();
        Assert.Equal(["banjir jakarta", "bansos"], await db.Set<ArticleKeyword>().Where(k => k.ArticleId == aid).Select(k => k.Keyword).OrderBy(k => k).ToListAsync());
    }

    [Fact]
    public async Task A_digest_lists_the_articles_with_a_followed_keyword_once_and_waits_for_the_fan_out()
    {
        // 06:00 Jakarta.
        await using var h = await DeliveryHarness.CreateAsync(start: new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero), db: databaseKind);
        var reader = await h.SubscriberAsync("reader", SubscriptionTarget.Keyword, "bansos");
        await h.Subscriptions.SubscribeAsync(reader.Id, SubscriptionTarget.Keyword, "banjir jakarta");
        await h.Subscriptions.SetModeAsync(reader.Id, DeliveryMode.DailyDigest, digestHour: 7);
        var planner = h.Get<DigestPlanner>();

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        await h.PublishAndPlanAsync("kemensos", title: AidTitle, body: AidBody);
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        await h.PublishAndPlanAsync("kemenkes", title: "Vaksinasi", summary: "Tidak ada kata yang diikuti.");
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 22, 23, 59, 0, TimeSpan.Zero));
        // Arrived a minute before the digest but not planned yet: the digest waits for it.
        var (late, lateEvent) = await h.PublishAsync("bnpb", title: "Banjir Jakarta surut");

        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 0, 0, 30, TimeSpan.Zero)); // 07:00 Jakarta
        Assert.Equal(0, await planner.PlanDueAsync(CancellationToken.None));
        await h.FanOut.PlanAsync(lateEvent, CancellationToken.None);
        Assert.Equal(1, await planner.PlanDueAsync(CancellationToken.None));
        await h.DrainAsync();

        var digest = Assert.IsType<DigestMessage>(Assert.Single(h.Channel.Delivered, c => c.To.ExternalId == "reader").Message);
        Assert.Equal([AidTitle, "Banjir Jakarta surut"], digest.Entries.Select(e => e.Title));
        Assert.Equal(late, digest.Entries[1].ArticleId);
    }
}

public sealed class FollowedKeywordsDeliveryTestsOnSqlite() : FollowedKeywordsDeliveryTests(DatabaseKind.Sqlite);

public sealed class FollowedKeywordsDeliveryTestsOnPostgres() : FollowedKeywordsDeliveryTests(DatabaseKind.Postgres);
