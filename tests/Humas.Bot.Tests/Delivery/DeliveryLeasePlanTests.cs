using Humas.Bot.Delivery.Dispatch;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Delivery;

/// <summary>
/// SQLite's lease of the rows the dispatcher picked looks them up by primary key. SQLite keeps no statistics for the
/// service's database, and its planner answered the lease's state conditions with the (State, NextAttemptAt) index
/// instead, reading every due row of the queue to lease the few it was given: a lease cost milliseconds per ten
/// thousand rows waiting, all of it holding the one writer. The lease's own statement is explained on the migrated schema.
/// </summary>
public sealed class DeliveryLeasePlanTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task The_lease_finds_its_rows_by_primary_key_not_through_the_queue_index()
    {
        await using var db = _database.CreateDbContext();
        var plan = await QueryPlans.ExplainAsync(
            db,
            "EXPLAIN QUERY PLAN " + DeliveryOutbox.SqliteLeaseStatement,
            new[] { "@ids", "@sending", "@pending", "@retrying", "@owner", "@expires", "@now" }.Select(name => KeyValuePair.Create<string, object>(
                name, name == "@ids" ? DeliveryOutbox.JsonList([.. Enumerable.Range(1, 256).Select(i => (long)i)]) : name)));

        Assert.Equal("SEARCH Deliveries USING INTEGER PRIMARY KEY (rowid=?)", plan[0]);
        Assert.DoesNotContain(plan, line => line.Contains("IX_Deliveries", StringComparison.Ordinal) || line.Contains("MULTI-INDEX", StringComparison.Ordinal));
    }
}
