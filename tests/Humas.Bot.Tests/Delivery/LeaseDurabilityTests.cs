using Humas.Bot.Delivery.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Delivery;

/// <summary>
/// On SQLite a lease's commit does not wait for the disk, and a result's commit does: a power cut may lose a lease,
/// which only puts rows back in the queue, never a recorded send.
/// </summary>
public sealed class LeaseDurabilityTests
{
    [Fact]
    public async Task The_lease_commits_without_waiting_for_the_disk_and_the_sent_marks_wait_for_it()
    {
        await using var h = await DeliveryHarness.CreateAsync();
        await using (var db = await h.DbAsync())
        {
            // The connection's level as each state change is written (1 = NORMAL, 2 = FULL, SQLite's default).
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE \"SyncSeen\" (\"State\" TEXT, \"Level\" INTEGER)");
            await db.Database.ExecuteSqlRawAsync("""
                CREATE TRIGGER "SyncSeenOnDeliveries" AFTER UPDATE OF "State" ON "Deliveries"
                BEGIN INSERT INTO "SyncSeen" SELECT NEW."State", "synchronous" FROM pragma_synchronous; END
                """);
        }

        for (var i = 0; i < 3; i++)
        {
            await h.SubscriberAsync($"r{i}");
        }

        var articleId = await h.PublishAndPlanAsync();

        await h.DrainAsync();

        Assert.All(await h.DeliveriesAsync(articleId), d => Assert.Equal(DeliveryState.Sent, d.State));
        await using var read = await h.DbAsync();
        var seen = await read.Database.SqlQueryRaw<Seen>("SELECT \"State\", \"Level\" FROM \"SyncSeen\"").ToListAsync();
        Assert.Equal(3, seen.Count(s => s.State == nameof(DeliveryState.Sending)));
        Assert.All(seen.Where(s => s.State == nameof(DeliveryState.Sending)), s => Assert.Equal(1, s.Level));
        Assert.Equal(3, seen.Count(s => s.State == nameof(DeliveryState.Sent)));
        Assert.All(seen.Where(s => s.State == nameof(DeliveryState.Sent)), s => Assert.Equal(2, s.Level));
        // And the pooled connection went back at SQLite's default.
        await read.Database.OpenConnectionAsync();
        await using var pragma = read.Database.GetDbConnection().CreateCommand();
        pragma.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L, await pragma.ExecuteScalarAsync());
    }

    private sealed record Seen(string State, long Level);
}
