using Humas.Bot.Delivery.Operations;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Delivery;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Feedback;

/// <summary>
/// On SQLite a counter refresh writes only behind the process's write gate, as the votes, the inbox and the dispatcher
/// do: a write outside it that met one of theirs in SQLite's lock slept in the driver's busy retry for 150 ms, and every
/// write queued at the gate behind it (each webhook's ack among them) waited as long. The test holds the gate itself.
/// </summary>
public sealed class CounterRefreshWriteGateTests
{
    /// <summary>Long enough for an ungated write of a few rows to finish many times over; the gated one never can.</summary>
    private static readonly TimeSpan Chance = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task The_refresh_claims_its_article_only_through_the_write_gate()
    {
        var (h, article) = await VotedAsync();
        await using var _ = h;
        var factory = h.Get<IDbContextFactory<HumasDbContext>>();
        Task<int> refresh;
        await using (var db = await factory.CreateDbContextAsync())
        using (await h.Get<SqliteWriteGate>().EnterAsync(db, CancellationToken.None))
        {
            refresh = h.Refresher().RunOnceAsync(CancellationToken.None);
            Assert.NotSame(refresh, await Task.WhenAny(refresh, Task.Delay(Chance)));
            Assert.Empty(h.Channel.Edits());
        }

        Assert.Equal(1, await refresh.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(3, h.Channel.Edits().Count());
    }

    [Fact]
    public async Task The_edits_results_are_recorded_only_through_the_write_gate()
    {
        var (h, article) = await VotedAsync();
        await using var _ = h;
        var factory = h.Get<IDbContextFactory<HumasDbContext>>();
        Task<OperationSummary> refresh;
        await using (var db = await factory.CreateDbContextAsync())
        using (await h.Get<SqliteWriteGate>().EnterAsync(db, CancellationToken.None))
        {
            refresh = h.Get<DeliveryOperations>().RefreshCountersAsync(article, CancellationToken.None);
            await Eventually.UntilAsync(() => h.Channel.Edits().Count() >= 3, "the three messages edited");

            // Edited, but their rows cannot be written while the test holds the gate.
            Assert.NotSame(refresh, await Task.WhenAny(refresh, Task.Delay(Chance)));
        }

        Assert.Equal(3, (await refresh.WaitAsync(TimeSpan.FromSeconds(60))).Done);
    }

    private static async Task<(DeliveryHarness H, Guid Article)> VotedAsync()
    {
        var h = await FeedbackHarness.CreateAsync(db: DatabaseKind.Sqlite);
        for (var i = 0; i < 3; i++)
        {
            await h.SubscriberAsync($"r{i}");
        }

        var article = await h.PublishAndPlanAsync();
        await h.DrainAsync();
        await h.VoteAsync(article, "telegram:1", 2);
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        return (h, article);
    }
}
