using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Digests;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Delivery;

public abstract class DigestTests(DatabaseKind databaseKind)
{
    private static DigestEntry Entry(int i, int titleLength = 50) =>
        new(Guid.NewGuid(), "SETNEG", new string('x', titleLength) + i, $"https://setneg.go.id/{i}");

    [Fact]
    public void A_long_digest_is_split_into_parts_that_fit_the_channel()
    {
        var entries = Enumerable.Range(0, 100).Select(i => Entry(i)).ToList();

        var parts = DigestSplitter.Split(entries, maxLength: 1000, DigestPeriod.Daily, "id");

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.True(
            DigestSplitter.HeadingReserve + p.Entries.Sum(DigestSplitter.Cost) <= 1000, $"part {p.Part} is too long"));
        Assert.Equal(entries, parts.SelectMany(p => p.Entries));
        Assert.Equal(Enumerable.Range(1, parts.Count), parts.Select(p => p.Part));
        Assert.All(parts, p => Assert.Equal(parts.Count, p.PartCount));
    }

    [Theory]
    // 2026-11-23 is a Monday. 06:59 Jakarta on Monday: the daily 07:00 digest due is Sunday's.
    [InlineData("2026-11-22T23:59:00Z", DeliveryMode.DailyDigest, "2026-11-22T00:00:00Z")]
    [InlineData("2026-11-23T00:00:00Z", DeliveryMode.DailyDigest, "2026-11-23T00:00:00Z")]
    // Weekly on Monday 07:00: at Monday 06:59 the last one was the previous Monday.
    [InlineData("2026-11-22T23:59:00Z", DeliveryMode.WeeklyDigest, "2026-11-16T00:00:00Z")]
    [InlineData("2026-11-26T12:00:00Z", DeliveryMode.WeeklyDigest, "2026-11-23T00:00:00Z")]
    public void Digests_fall_due_at_the_chosen_hour_in_Jakarta(string now, DeliveryMode mode, string expected) =>
        Assert.Equal(
            DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            DigestSchedule.LatestDue(DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal), mode, 7, DayOfWeek.Monday));

    [Fact]
    public void A_short_digest_is_one_part_and_an_empty_one_is_none()
    {
        Assert.Single(DigestSplitter.Split([Entry(1)], 4096, DigestPeriod.Weekly, "en"));
        Assert.Empty(DigestSplitter.Split([], 4096, DigestPeriod.Weekly, "en"));
    }

    [Fact]
    public async Task A_daily_digest_goes_out_once_at_the_chosen_hour_with_the_articles_since_the_last_one()
    {
        // 06:00 Jakarta.
        await using var h = await DeliveryHarness.CreateAsync(start: new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero), db: databaseKind);
        h.Channel.MaxMessageLength = 600;
        var reader = await h.SubscriberAsync("reader", SubscriptionTarget.Institution, "setneg");
        await h.Subscriptions.SetModeAsync(reader.Id, DeliveryMode.DailyDigest, digestHour: 7);
        await h.SubscriberAsync("instant", SubscriptionTarget.Institution, "setneg");
        var planner = h.Get<DigestPlanner>();

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        var titles = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var title = $"Berita nomor {i} dengan judul yang cukup panjang untuk memenuhi batas";
            titles.Add(title);
            await h.PublishAndPlanAsync("setneg", title: title);
            h.Clock.Advance(TimeSpan.FromSeconds(1)); // a digest lists articles in publication order
        }

        await h.PublishAndPlanAsync("kemenkes", title: "Not followed");
        Assert.Equal(0, await planner.PlanDueAsync(CancellationToken.None));

        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)); // 07:00 Jakarta
        var parts = await planner.PlanDueAsync(CancellationToken.None);
        Assert.True(parts > 1, $"expected the digest to be split, got {parts} part(s)");
        Assert.Equal(0, await planner.PlanDueAsync(CancellationToken.None));
        await h.DrainAsync();

        var digests = h.Channel.Delivered.Where(c => c.To.ExternalId == "reader").Select(c => Assert.IsType<DigestMessage>(c.Message)).ToList();
        Assert.Equal(parts, digests.Count);
        Assert.Equal(titles, digests.OrderBy(d => d.Part).SelectMany(d => d.Entries).Select(e => e.Title));
        Assert.DoesNotContain(h.Channel.Delivered, c => c.To.ExternalId == "reader" && c.Message is ArticleMessage);
        Assert.All(await h.DeliveriesAsync(), d => Assert.Equal(DeliveryState.Sent, d.State));

        // The next day's digest holds only what came after.
        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.PublishAndPlanAsync("setneg", title: "Besok");
        h.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(1, await planner.PlanDueAsync(CancellationToken.None));
        await h.DrainAsync();
        var next = Assert.IsType<DigestMessage>(h.Channel.Delivered.Last(c => c.To.ExternalId == "reader").Message);
        Assert.Equal(["Besok"], next.Entries.Select(e => e.Title));
    }

    [Fact]
    public async Task A_person_with_several_bots_gets_each_article_once_whether_by_digest_or_at_once()
    {
        // 06:00 Jakarta.
        await using var h = await DeliveryHarness.CreateAsync(start: new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero), db: databaseKind);
        // "7" takes digests from the national bot (everything) and from kemensos's own bot (kemensos);
        // "8" takes the national bot's digest but kemensos's bot at once.
        var shared7 = await DigestReaderAsync(h, "7", account: null, follows: null);
        var kemensos7 = await DigestReaderAsync(h, "7", "kemensos", "kemensos");
        var shared8 = await DigestReaderAsync(h, "8", account: null, follows: null);
        var kemensos8 = await h.Subscriptions.EnsureConversationAsync(new ConversationAddress(h.Channel.Name, "8", ConversationKind.Private) { Account = "kemensos" });
        await h.Subscriptions.SubscribeAsync(kemensos8.Id, SubscriptionTarget.Institution, "kemensos");

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        await h.PublishAndPlanAsync("kemensos", title: "Bansos tahap dua");
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        await h.PublishAndPlanAsync("setneg", title: "Agenda Presiden");
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)); // 07:00 Jakarta
        Assert.Equal(3, await h.Get<DigestPlanner>().PlanDueAsync(CancellationToken.None));
        await h.DrainAsync();

        string[] Digest(Conversation conversation) => [.. h.Channel.Delivered
            .Where(c => c.Message is DigestMessage && c.To.ExternalId == conversation.ExternalId && c.To.Account == conversation.Account)
            .SelectMany(c => ((DigestMessage)c.Message!).Entries).Select(e => e.Title)];
        Assert.Equal(["Bansos tahap dua"], Digest(kemensos7));
        Assert.Equal(["Agenda Presiden"], Digest(shared7));
        Assert.Equal(["Agenda Presiden"], Digest(shared8));
        Assert.Contains(h.Channel.Delivered, c => c.Message is ArticleMessage { Title: "Bansos tahap dua" } && c.To.ExternalId == "8" && c.To.Account == "kemensos");
    }

    private static async Task<Conversation> DigestReaderAsync(DeliveryHarness h, string externalId, string? account, string? follows)
    {
        var conversation = await h.Subscriptions.EnsureConversationAsync(
            new ConversationAddress(h.Channel.Name, externalId, ConversationKind.Private) { Account = account ?? ConversationAddress.SharedAccount });
        await h.Subscriptions.SubscribeAsync(conversation.Id, follows is null ? SubscriptionTarget.All : SubscriptionTarget.Institution, follows);
        await h.Subscriptions.SetModeAsync(conversation.Id, DeliveryMode.DailyDigest, digestHour: 7);
        return conversation;
    }
}

public sealed class DigestTestsOnSqlite() : DigestTests(DatabaseKind.Sqlite);

public sealed class DigestTestsOnPostgres() : DigestTests(DatabaseKind.Postgres);
