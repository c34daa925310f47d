using System.Data.Common;
using System.Globalization;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Storage;

/// <summary>
/// A database made by the service before each provider had its own context (commit 0e7436b, hand-written
/// migrations, two rows in every table: Fixtures/Upgrade) is migrated by today's code: its history rows are
/// recognised, so nothing is applied twice, every later migration is applied, and every row keeps every value
/// it had. A new migration that transforms data on purpose adapts <see cref="Rows"/> for that column and says why.
/// </summary>
public abstract class UpgradeTests(DatabaseKind kind)
{
    private const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>Tables of the model created by migrations after the fixture's commit (0e7436b): they start empty.</summary>
    private static readonly string[] CreatedLater =
    [
        "TelegramReactions", "StoredFiles", "StoredFileChunks", "DataProtectionKeys", "ArticleLinks", "ArticleClicks",
        "InstitutionHosts", "AdminUserInstitutions", "PublishApiKeyInstitutions", "Incidents", "AlertNotifications", "ArticleJobs",
        "ArticleKeywords",
        "WhatsAppInbox", "WhatsAppTierContacts", "CountedPresses", "ChatMoves", "InstitutionChatSettings",
    ];

    private static IEnumerable<Microsoft.EntityFrameworkCore.Metadata.IEntityType> FixtureTypes(DbContext db) =>
        db.Model.GetEntityTypes().Where(t => !CreatedLater.Contains(t.GetTableName()));

    [Fact]
    public async Task A_database_made_before_the_per_provider_contexts_upgrades_in_place_and_keeps_every_row()
    {
        using var database = new TestDatabase(migrate: false, kind);
        await RestoreFixtureAsync(database);

        Dictionary<string, string[]> columns;
        List<string[]> teamsBefore;
        Dictionary<string, List<string>> before;
        List<string> historyBefore;
        await using (var db = database.CreateDbContext())
        {
            var connection = await OpenAsync(db);
            columns = await ColumnsAsync(connection);
            teamsBefore = await QueryAsync(connection, "SELECT \"Id\", \"ServiceUrl\", \"TenantId\" FROM \"Conversations\" WHERE \"ServiceUrl\" IS NOT NULL OR \"TenantId\" IS NOT NULL");
            // Teams' serviceUrl and tenant moved into the channel's own data (migration ChannelData), checked below.
            columns["Conversations"] = columns["Conversations"].Where(c => c is not ("ServiceUrl" or "TenantId")).ToArray();
            before = await RowsAsync(connection, columns);
            historyBefore = before[HistoryTable];
        }

        // The fixture is what 0e7436b left: its eight migrations, a row in every table of the model.
        Assert.Equal(8, historyBefore.Count);
        await using (var db = database.CreateDbContext())
        {
            Assert.All(FixtureTypes(db), type => Assert.NotEmpty(before[type.GetTableName()!]));
            Assert.Equal(
                db.Database.GetMigrations().Where(id => string.CompareOrdinal(id, "20261122230000_ScaleOut") <= 0),
                db.Database.GetAppliedMigrations());

            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }

        await using (var db = database.CreateDbContext())
        {
            var after = await RowsAsync(await OpenAsync(db), columns);
            foreach (var (table, rows) in before)
            {
                if (table == HistoryTable)
                {
                    // The old rows stay as they were (same ids, same product version); only later migrations add rows.
                    Assert.Equal(rows, after[table].Where(rows.Contains));
                    Assert.Equal(db.Database.GetMigrations().Count(), after[table].Count);
                }
                else
                {
                    Assert.True(rows.SequenceEqual(after[table]), $"{table} changed:\nbefore: {string.Join("\n", rows)}\nafter:  {string.Join("\n", after[table])}");
                }
            }

            Assert.NotEmpty(teamsBefore);
            foreach (var row in teamsBefore)
            {
                var conversation = await db.Set<Humas.Bot.Subscriptions.Conversation>().SingleAsync(c => c.Id == long.Parse(row[0]!, System.Globalization.CultureInfo.InvariantCulture));
                var reference = Humas.Bot.Channels.Teams.TeamsReference.Of(conversation.Address);
                Assert.Equal((row[1], row[2]), (reference.ServiceUrl ?? "null", reference.TenantId ?? "null"));
            }

            // And today's model reads every row back.
            foreach (var type in FixtureTypes(db))
            {
                Assert.Equal(before.TryGetValue(type.GetTableName()!, out var rows) ? rows.Count : 0, LoadAll(db, type.ClrType));
            }

            // Institutions as tenants: every existing account serves no institution (national), no key is bound,
            // no old article is national, and the institutions are enabled and marked as configuration's.
            Assert.NotEmpty(await db.Set<Humas.Bot.Admin.Accounts.AdminUser>().ToListAsync());
            Assert.Empty(await db.Set<Humas.Bot.Admin.Accounts.AdminUserInstitution>().ToListAsync());
            Assert.Empty(await db.Set<Humas.Bot.Admin.Accounts.PublishApiKeyInstitution>().ToListAsync());
            Assert.False(await db.Set<Humas.Bot.Ingestion.Model.Article>().AnyAsync(a => a.National));
            Assert.All(await db.Set<Humas.Bot.Institutions.Institution>().ToListAsync(), i => Assert.False(i.Disabled));
        }

        // An old account signs in as a national one: a context scoped by it is not restricted at all.
        await using (var db = database.CreateDbContext())
        {
            var user = await db.Set<Humas.Bot.Admin.Accounts.AdminUser>().FirstAsync();
            Assert.True(Humas.Bot.Admin.Scoping.DashboardScope.From(Humas.Bot.Admin.AdminAuth.Principal(user, [])).IsNational);
        }
    }

    private async Task RestoreFixtureAsync(TestDatabase database)
    {
        if (kind == DatabaseKind.Sqlite)
        {
            File.Copy(Fixture.PathOf("Upgrade/sqlite-0e7436b.db"), Path.Combine(database.Folder, "humas.db"));
            return;
        }

        // A plain SQL script (pg_dump --inserts), run on a connection of its own: it sets search_path for its session.
        var noPool = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new Npgsql.NpgsqlConnection(noPool);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(Fixture.Text("Upgrade/postgres-0e7436b.sql"), connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<DbConnection> OpenAsync(HumasDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        return db.Database.GetDbConnection();
    }

    /// <summary>Every table of the database with its columns, as the fixture has them (later columns are not compared).</summary>
    private async Task<Dictionary<string, string[]>> ColumnsAsync(DbConnection connection)
    {
        var sql = kind == DatabaseKind.Sqlite
            ? "SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
            : "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'";
        var pairs = await QueryAsync(connection, sql);
        return pairs.GroupBy(p => p[0], p => p[1]).ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>Each table's rows, every column's value as text, in a stable order.</summary>
    private static async Task<Dictionary<string, List<string>>> RowsAsync(DbConnection connection, Dictionary<string, string[]> columns)
    {
        var result = new Dictionary<string, List<string>>();
        foreach (var (table, names) in columns)
        {
            var select = string.Join(", ", names.Select(n => $"\"{n}\""));
            var rows = await QueryAsync(connection, $"SELECT {select} FROM \"{table}\"");
            result[table] = rows.Select(r => string.Join(" | ", names.Zip(r, (n, v) => $"{n}={v}"))).Order(StringComparer.Ordinal).ToList();
        }

        return result;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader.IsDBNull(i) ? null : reader.GetValue(i))).ToArray());
        }

        return rows;
    }

    /// <summary>Times to the tick (the invariant culture's default drops fractions of a second).</summary>
    private static string Text(object? value) => value switch
    {
        null => "null",
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static int LoadAll(HumasDbContext db, Type entity) =>
        (int)typeof(UpgradeTests).GetMethod(nameof(Load), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(entity).Invoke(null, [db])!;

    private static int Load<T>(HumasDbContext db)
        where T : class => db.Set<T>().AsNoTracking().ToList().Count;
}

public sealed class UpgradeTestsOnSqlite() : UpgradeTests(DatabaseKind.Sqlite);

public sealed class UpgradeTestsOnPostgres() : UpgradeTests(DatabaseKind.Postgres);
