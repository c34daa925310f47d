using Humas.Bot.Search;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Delivery;

/// <summary>
/// On SQLite the fan-out writes its deliveries, and the article's followed keywords, only behind the process's write
/// gate, as the votes and the inbox do: a chunk that met one of their writes in SQLite's lock made the loser sleep in
/// the driver's busy retry for 150 ms, and every write queued at the gate (each webhook's ack among them) waited as
/// long. The test holds the gate itself.
/// </summary>
public sealed class FanOutWriteGateTests
{
    /// <summary>Long enough for an ungated plan of three deliveries to finish many times over; the gated one never can.</summary>
    private static readonly TimeSpan Chance = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task The_plan_writes_its_deliveries_and_keywords_only_through_the_write_gate()
    {
        await using var h = await DeliveryHarness.CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            await h.SubscriberAsync($"r{i}", SubscriptionTarget.Keyword, "banjir");
        }

        var (article, eventId) = await h.PublishAsync(title: "Bantuan banjir tiba di Demak");
        Task<int> plan;
        await using (var db = await h.DbAsync())
        using (await h.Get<SqliteWriteGate>().EnterAsync(db, CancellationToken.None))
        {
            plan = h.FanOut.PlanAsync(eventId, CancellationToken.None);
            Assert.NotSame(plan, await Task.WhenAny(plan, Task.Delay(Chance)));
            Assert.Empty(await h.DeliveriesAsync(article));
            Assert.Equal(0, await db.Set<ArticleKeyword>().CountAsync());
        }

        Assert.Equal(3, await plan.WaitAsync(TimeSpan.FromSeconds(60)));
        await using var after = await h.DbAsync();
        Assert.Equal(["banjir"], await after.Set<ArticleKeyword>().Where(k => k.ArticleId == article).Select(k => k.Keyword).ToListAsync());
    }
}
