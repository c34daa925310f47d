using Humas.Bot.Delivery.Model;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Delivery;

public abstract class QuietHoursTests(DatabaseKind databaseKind)
{
    [Fact]
    public async Task Quiet_hours_hold_a_message_until_they_end_and_never_drop_it()
    {
        // 23:00 in Jakarta.
        await using var h = await DeliveryHarness.CreateAsync(start: new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero), db: databaseKind);
        var sleeper = await h.SubscriberAsync("sleeper");
        await h.Subscriptions.SetQuietHoursAsync(sleeper.Id, new TimeOnly(22, 0), new TimeOnly(6, 0));
        await h.SubscriberAsync("awake");

        var articleId = await h.PublishAndPlanAsync();
        await h.DrainAsync();

        Assert.Equal(["awake"], h.Channel.Delivered.Select(c => c.To.ExternalId));
        var held = (await h.DeliveriesAsync(articleId)).Single(d => d.ConversationId == sleeper.Id);
        Assert.Equal(DeliveryState.Pending, held.State);
        // 06:00 Jakarta the next morning is 23:00 UTC.
        Assert.Equal(new DateTime(2026, 11, 23, 23, 0, 0, DateTimeKind.Utc), held.NextAttemptAt);

        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 22, 59, 0, TimeSpan.Zero));
        await h.DrainAsync();
        Assert.Single(h.Channel.Delivered);

        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 23, 0, 0, TimeSpan.Zero));
        await h.DrainAsync();
        Assert.Equal(["awake", "sleeper"], h.Channel.Delivered.Select(c => c.To.ExternalId));
    }

    [Fact]
    public async Task A_person_with_several_bots_in_quiet_hours_gets_an_article_once_when_they_end()
    {
        // 23:00 in Jakarta. "7" has the national bot (everything) and kemensos's own bot, both quiet until 06:00.
        await using var h = await DeliveryHarness.CreateAsync(start: new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero), db: databaseKind);
        var shared = await h.SubscriberAsync("7");
        var kemensos = await h.Subscriptions.EnsureConversationAsync(new ConversationAddress(h.Channel.Name, "7", ConversationKind.Private) { Account = "kemensos" });
        await h.Subscriptions.SubscribeAsync(kemensos.Id, SubscriptionTarget.Institution, "kemensos");
        foreach (var conversation in new[] { shared, kemensos })
        {
            await h.Subscriptions.SetQuietHoursAsync(conversation.Id, new TimeOnly(22, 0), new TimeOnly(6, 0));
        }

        var ofKemensos = await h.PublishAndPlanAsync("kemensos", title: "Bansos tahap dua");
        var ofSetneg = await h.PublishAndPlanAsync("setneg", title: "Agenda Presiden");

        Assert.Equal([kemensos.Id], (await h.DeliveriesAsync(ofKemensos)).Select(d => d.ConversationId));
        Assert.Equal([shared.Id], (await h.DeliveriesAsync(ofSetneg)).Select(d => d.ConversationId));
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 23, 0, 0, TimeSpan.Zero));
        await h.DrainAsync();
        Assert.Equal(2, h.Channel.Delivered.Count);
    }

    [Theory]
    [InlineData(22 * 60, 6 * 60, 23 * 60, true)]
    [InlineData(22 * 60, 6 * 60, 5 * 60 + 59, true)]
    [InlineData(22 * 60, 6 * 60, 6 * 60, false)]
    [InlineData(13 * 60, 15 * 60, 14 * 60, true)]
    [InlineData(13 * 60, 15 * 60, 12 * 60, false)]
    public void A_quiet_window_may_wrap_midnight(int start, int end, int minute, bool quiet) =>
        Assert.Equal(quiet, new QuietHours(start, end).Contains(minute));
}

public sealed class QuietHoursTestsOnSqlite() : QuietHoursTests(DatabaseKind.Sqlite);

public sealed class QuietHoursTestsOnPostgres() : QuietHoursTests(DatabaseKind.Postgres);
