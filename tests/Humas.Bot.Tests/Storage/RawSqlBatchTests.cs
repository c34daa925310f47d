using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Storage;

/// <summary>
/// Writes and queries sent together in one batch: each query's rows reach the reader under that query's index, in
/// the batch's order, whatever writes stand between them; the count is of the rows written, not of the rows read;
/// values are parameters (a list as one array on PostgreSQL, a list of parameters on SQLite) that find their rows.
/// </summary>
public abstract class RawSqlBatchTests(DatabaseKind kind) : IDisposable
{
    private readonly TestDatabase _database = new(kind: kind);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Each_querys_rows_come_under_its_index_and_only_written_rows_are_counted()
    {
        await using var db = _database.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("""CREATE TEMP TABLE "Items" ("Id" integer PRIMARY KEY, "Name" text NOT NULL)""");

        var batch = new RawSqlBatch(db);
        batch.Write($"""INSERT INTO "Items" ("Id", "Name") VALUES ({batch.P(1)}, {batch.P("satu")}), ({batch.P(2)}, {batch.P("dua")}), ({batch.P(3)}, {batch.P("tiga")});""");
        var first = batch.Query($"""SELECT "Id", "Name" FROM "Items" WHERE {batch.In("\"Id\"", new[] { 1, 3, 9 })} ORDER BY "Id";""");
        batch.Write($"""UPDATE "Items" SET "Name" = {batch.P("dua lagi")} WHERE "Id" = {batch.P(2)};""");
        batch.Write($"""DELETE FROM "Items" WHERE "Id" = {batch.P(42)};""");
        var second = batch.Query($"""SELECT "Id", "Name" FROM "Items" WHERE {batch.In("\"Name\"", new[] { "dua lagi", "tiga" })} ORDER BY "Id";""");
        var empty = batch.Query("""SELECT "Id", "Name" FROM "Items" WHERE "Id" < 0;""");

        var rows = new List<(int Query, int Id, string Name)>();
        var written = await batch.ExecuteAsync((query, r) => rows.Add((query, r.GetInt32(0), r.GetString(1))), default);

        Assert.Equal((0, 1, 2), (first, second, empty));
        Assert.Equal([(0, 1, "satu"), (0, 3, "tiga"), (1, 2, "dua lagi"), (1, 3, "tiga")], rows);
        // Three inserted and one updated; the delete matched nothing and the eight rows read are not counted.
        Assert.Equal(4, written);
    }

    [Fact]
    public async Task A_batch_of_queries_only_counts_nothing_written()
    {
        await using var db = _database.CreateDbContext();
        var batch = new RawSqlBatch(db);
        batch.Query("SELECT 1;");
        batch.Query("SELECT 2;");

        var seen = new List<(int, long)>();
        var written = await batch.ExecuteAsync((query, r) => seen.Add((query, Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture))), default);

        Assert.Equal([(0, 1L), (1, 2L)], seen);
        Assert.Equal(0, written);
    }
}

public sealed class RawSqlBatchTestsOnSqlite() : RawSqlBatchTests(DatabaseKind.Sqlite);

public sealed class RawSqlBatchTestsOnPostgres() : RawSqlBatchTests(DatabaseKind.Postgres);
