using System.Globalization;
using System.Text.RegularExpressions;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Storage;

/// <summary>
/// A row key's condition for many rows (the inboxes' marks of handled items) matches exactly those rows, and for the
/// rows of one bot it is one list of update ids, which SQLite looks up in an index as one loop.
/// </summary>
public abstract partial class RowKeyTests(DatabaseKind kind) : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = new(kind: kind);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task The_condition_matches_exactly_the_rows_given_across_bots()
    {
        await using var db = _database.CreateDbContext();
        // Two bots with the same update ids: an id alone matches a row of each.
        db.AddRange(Enumerable.Range(1, 10).SelectMany(i => new[] { Item(i, ""), Item(i, "kemenkes") }));
        await db.SaveChangesAsync();

        var marked = new[] { Item(1, ""), Item(2, ""), Item(3, ""), Item(2, "kemenkes"), Item(5, "kemenkes"), Item(5, "kemenkes") };
        var batch = new RawSqlBatch(db);
        batch.Write($"""UPDATE "TelegramInbox" SET "Attempts" = 7 WHERE {Key(db).Matching(batch, marked)};""");
        var changed = await batch.ExecuteAsync(static (_, _) => { }, default);

        Assert.Equal(5, changed);
        var rows = await db.Set<TelegramInboxItem>().AsNoTracking().Where(i => i.Attempts == 7).Select(i => new { i.Account, i.UpdateId }).ToListAsync();
        Assert.Equal(
            [("", 1L), ("", 2L), ("", 3L), ("kemenkes", 2L), ("kemenkes", 5L)],
            rows.Select(r => (r.Account, r.UpdateId)).Order());
    }

    [Fact]
    public async Task The_rows_of_one_bot_are_one_list_looked_up_in_an_index()
    {
        await using var db = _database.CreateDbContext();
        var batch = new RawSqlBatch(db);
        var condition = Key(db).Matching(batch, Enumerable.Range(1, 64).Select(i => Item(i, "")));

        Assert.Equal(1, Regex.Count(condition, " IN \\("));
        Assert.DoesNotContain(" OR ", condition, StringComparison.Ordinal);
        if (kind == DatabaseKind.Sqlite)
        {
            var plan = Assert.Single(await QueryPlans.ExplainAsync(
                db,
                "EXPLAIN QUERY PLAN " + Placeholder().Replace($"""UPDATE "TelegramInbox" SET "Attempts" = 7 WHERE {condition}""", "@v$1"),
                batch.Values.Select((value, i) => KeyValuePair.Create("@v" + i.ToString(CultureInfo.InvariantCulture), value))));
            Assert.Matches("^SEARCH TelegramInbox USING (COVERING )?INDEX \\S+ \\((Account=\\? AND UpdateId=\\?|UpdateId=\\? AND Account=\\?)\\)$", plan);
        }
    }

    private static RowKey<TelegramInboxItem> Key(HumasDbContext db) =>
        new(db, [nameof(TelegramInboxItem.UpdateId), nameof(TelegramInboxItem.Account)]);

    private static TelegramInboxItem Item(long updateId, string account) =>
        new() { UpdateId = updateId, Account = account, Payload = "{}", ReceivedAt = Now };

    [GeneratedRegex("\\{(\\d+)\\}")]
    private static partial Regex Placeholder();
}

public sealed class RowKeyTestsOnSqlite() : RowKeyTests(DatabaseKind.Sqlite);

public sealed class RowKeyTestsOnPostgres() : RowKeyTests(DatabaseKind.Postgres);
