using Humas.Bot.Delivery.Dispatch;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Delivery;

/// <summary>
/// PostgreSQL's statements on a broadcast's path keep clear of the costly plans whatever the tables' statistics say:
/// the record of sends never looks its rows up through the queue index's Sending range, and the leased rows'
/// conversations are each looked up by primary key. The statistics here are taken before a broadcast's subscribers and
/// deliveries are added, as when a broadcast follows an import by less than autovacuum's minute: planned by those, the
/// statements before read that whole range, and the whole conversations table, for every group.
/// </summary>
public sealed class DeliveryPostgresPlanTests : IAsyncLifetime
{
    private const int Broadcast = 5_000;

    private DeliveryHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await DeliveryHarness.CreateAsync(db: DatabaseKind.Postgres);
        await _h.SubscriberAsync("a");
        await _h.PublishAndPlanAsync();
        await using var db = await _h.DbAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        // The broadcast: copies of the one conversation and its delivery, every delivery leased.
        await CopyAsync(db, "Conversations", "\"ExternalId\"", "'x' || g");
        await CopyAsync(db, "Deliveries", "\"ConversationId\", \"State\", \"LeaseOwner\"",
            "(SELECT min(\"Id\") FROM \"Conversations\") + g, 'Sending', 'worker'");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task The_record_of_sends_does_not_look_its_rows_up_through_the_queue_index()
    {
        await using var db = await _h.DbAsync();
        var ids = await db.Set<Humas.Bot.Delivery.Model.DeliveryRecord>().OrderByDescending(d => d.Id).Select(d => d.Id).Take(100).ToArrayAsync();
        var plan = await ExplainAsync(db, DeliveryOutbox.PostgresMarkSentStatement, new()
        {
            ["@sent"] = "Sent", ["@sending"] = "Sending", ["@now"] = DateTime.UtcNow, ["@ids"] = ids,
            ["@owners"] = ids.Select(_ => "worker").ToArray(), ["@messageIds"] = ids.Select(i => "m" + i).ToArray(),
            ["@revisions"] = ids.Select(_ => 1).ToArray(),
        });

        // Not the index's Sending range, which holds an entry for every version of a row sent since the last vacuum
        // (the planner takes the primary key or, for a table it takes to be small, reads it whole).
        Assert.False(plan.Contains("IX_Deliveries_State_NextAttemptAt", StringComparison.Ordinal), plan);
    }

    [Fact]
    public async Task The_leased_rows_conversations_are_each_looked_up_by_primary_key()
    {
        await using var db = await _h.DbAsync();
        var ids = await db.Set<Humas.Bot.Subscriptions.Conversation>().OrderByDescending(c => c.Id).Select(c => c.Id).Take(256).ToArrayAsync();
        var plan = await ExplainAsync(db, DeliveryDispatcher.PostgresConversationsByIds.Replace("{0}", "@ids", StringComparison.Ordinal), new() { ["@ids"] = ids });

        Assert.True(plan.Contains("Index Scan using \"PK_Conversations\"", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("Seq Scan", StringComparison.Ordinal), plan);
    }

    /// <summary>The plan of <paramref name="statement"/>, run with <paramref name="parameters"/>, one line each.</summary>
    private static async Task<string> ExplainAsync(HumasDbContext db, string statement, Dictionary<string, object> parameters) =>
        string.Join("\n", await QueryPlans.ExplainAsync(db, "EXPLAIN " + statement, parameters));

    /// <summary>Inserts <see cref="Broadcast"/> copies of the table's first row, with <paramref name="columns"/> set to <paramref name="values"/>.</summary>
    private static async Task CopyAsync(HumasDbContext db, string table, string columns, string values)
    {
        var changed = columns.Split(',').Select(c => c.Trim()).ToHashSet();
        var kept = await db.Database.SqlQueryRaw<string>(
            "SELECT '\"' || column_name || '\"' AS \"Value\" FROM information_schema.columns WHERE table_name = {0} AND column_name <> 'Id'", table).ToListAsync();
        var copied = string.Join(", ", kept.Where(c => !changed.Contains(c)));
        // The names and values are this test's own, not input.
#pragma warning disable EF1003
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO \"{table}\" ({copied}, {columns}) SELECT {copied}, {values} FROM \"{table}\", generate_series(1, {Broadcast}) AS g " +
            $"WHERE \"Id\" = (SELECT min(\"Id\") FROM \"{table}\")");
#pragma warning restore EF1003
    }
}
