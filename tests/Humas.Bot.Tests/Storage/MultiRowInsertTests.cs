using System.Data.Common;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Sources;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Storage;

/// <summary>
/// New configured sources are written with <see cref="MultiRowInsert"/> instead of one INSERT per row; the rows
/// must be exactly what SaveChanges writes, on both databases.
/// </summary>
public abstract class MultiRowInsertTests(DatabaseKind databaseKind)
{
    private static readonly DateTime Now = new(2026, 11, 22, 7, 30, 15, 123, DateTimeKind.Utc);

    [Fact]
    public async Task Rows_are_what_SaveChanges_writes_column_for_column()
    {
        using var database = new TestDatabase(kind: databaseKind);
        await using (var db = database.CreateDbContext())
        {
            db.Add(new Institution { Id = "kemensos", Name = "Kementerian Sosial", CreatedAt = Now });
            db.Add(Sample("by-ef"));
            await db.SaveChangesAsync();
            Assert.Equal(2, await MultiRowInsert.InsertAsync(db, [Sample("by-insert"), Sample("with\0nul")], CancellationToken.None));
        }

        var byEf = await RowAsync(database, "by-ef");
        var byInsert = await RowAsync(database, "by-insert");
        Assert.Equal(byEf.Count, byInsert.Count);
        Assert.All(byEf.Keys.Where(k => k != "Id"), column => Assert.Equal(byEf[column], byInsert[column]));
        Assert.NotNull(await RowAsync(database, "withnul"));

        await using var read = database.CreateDbContext();
        var source = await read.Set<Source>().SingleAsync(s => s.Id == "by-insert");
        Assert.Equal("article h2 a", source.Selectors!.ItemLink);
        Assert.Equal(SourceKind.Html, source.Kind);
        Assert.Equal(SourceState.Disabled, source.State);
        Assert.Equal(Now, source.NextPollAt);
        Assert.Equal(DateTimeKind.Utc, source.NextPollAt.Kind);
        Assert.Null(source.ETag);
    }

    [Fact]
    public async Task The_catalog_adds_thousands_of_configured_sources_in_a_few_statements_and_syncs_them_again()
    {
        using var database = new TestDatabase(kind: databaseKind);
        var settings = new Dictionary<string, string?>(database.Settings);
        for (var i = 0; i < 1_000; i++)
        {
            settings[$"Sources:{i}:Id"] = $"source-{i:D4}";
            settings[$"Sources:{i}:Institution"] = $"inst-{i % 7}";
            settings[$"Sources:{i}:Url"] = $"https://inst-{i % 7}.go.id/rss/{i}";
            if (i % 2 == 0)
            {
                settings[$"Sources:{i}:Category"] = "Nasional";
            }
        }

        var clock = new FakeTimeProvider(Now);
        await using (var first = await IngestionHarness.StartAsync(database, clock, settings))
        await using (var db = first.CreateDbContext())
        {
            Assert.Equal(1_000, await db.Set<Source>().CountAsync());
            Assert.Equal(7, await db.Set<Institution>().CountAsync());
            var one = await db.Set<Source>().SingleAsync(s => s.Id == "source-0998");
            Assert.Equal(("inst-4", "Nasional", 300, SourceState.Active, SourceOrigin.Configuration), (one.InstitutionId, one.Category, one.PollSeconds, one.State, one.Origin));
        }

        // A restart with one source gone and one URL changed: updates through the change tracker, as before.
        settings.Remove("Sources:999:Id");
        settings.Remove("Sources:999:Institution");
        settings.Remove("Sources:999:Url");
        settings["Sources:0:Url"] = "https://inst-0.go.id/rss/moved";
        await using (var second = await IngestionHarness.StartAsync(database, clock, settings))
        await using (var db = second.CreateDbContext())
        {
            Assert.Equal(1_000, await db.Set<Source>().CountAsync());
            Assert.False((await db.Set<Source>().SingleAsync(s => s.Id == "source-0999")).Enabled);
            Assert.Equal("https://inst-0.go.id/rss/moved", (await db.Set<Source>().SingleAsync(s => s.Id == "source-0000")).Url);
        }
    }

    private static Source Sample(string id) => new()
    {
        Id = id,
        InstitutionId = "kemensos",
        Name = "Berita Kemensos",
        Url = "https://kemensos.go.id/berita",
        ConfiguredUrl = "https://kemensos.go.id/berita",
        Kind = SourceKind.Html,
        PollSeconds = 600,
        Category = "Sosial",
        Selectors = new HtmlSelectors { ItemLink = "article h2 a", Title = "h1" },
        AnnounceExistingOnFirstPoll = true,
        Enabled = false,
        State = SourceState.Disabled,
        NextPollAt = Now,
        Origin = SourceOrigin.Configuration,
    };

    /// <summary>Every column of the row as the database returns it.</summary>
    private static async Task<Dictionary<string, object?>> RowAsync(TestDatabase database, string id)
    {
        await using var db = database.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT * FROM "Sources" WHERE "Id" = @id""";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "id";
        parameter.Value = id;
        command.Parameters.Add(parameter);
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row {id}");
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
    }
}

public sealed class MultiRowInsertTestsOnSqlite() : MultiRowInsertTests(DatabaseKind.Sqlite);

public sealed class MultiRowInsertTestsOnPostgres() : MultiRowInsertTests(DatabaseKind.Postgres);
