using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Storage;

/// <summary>
/// The first migrations are written by hand (one body for both providers) and a generated one may be edited,
/// while the snapshot check (ModelSnapshotTests) compares models, not databases: so nothing else guarantees
/// that the migrations build the schema the model expects. This compares, table by table, the database the
/// migrations build with the one EF builds straight from the model.
/// </summary>
public sealed class MigratedSchemaTests
{
    /// <summary>
    /// Search objects in a migrated database that the model does not know: SQLite's FTS5 table (with its shadow
    /// tables) and its row map; PostgreSQL's generated tsvector column on Articles and its GIN index.
    /// </summary>
    private static bool SearchOnly(string tableOrLine) =>
        tableOrLine.StartsWith("ArticleSearch", StringComparison.Ordinal)
        || tableOrLine.StartsWith("column SearchVector ", StringComparison.Ordinal)
        || tableOrLine.StartsWith("index IX_Articles_SearchVector:", StringComparison.Ordinal);

    private static Dictionary<string, string> WithoutSearch(Dictionary<string, string> schema) => schema
        .Where(t => !SearchOnly(t.Key))
        .ToDictionary(t => t.Key, t => string.Join("\n", t.Value.Split('\n').Where(line => !SearchOnly(line))));

    [Fact]
    public void The_search_objects_exist_only_in_the_migrated_databases()
    {
        using var sqlite = new TestDatabase(migrate: true);
        using var postgres = new TestDatabase(migrate: true, DatabaseKind.Postgres);

        using (var connection = new SqliteConnection(sqlite.ConnectionString))
        {
            connection.Open();
            var objects = Query(connection, "SELECT type || ' ' || name FROM sqlite_master WHERE name LIKE '%Search%' ORDER BY name").Select(r => r[0]).ToList();
            Assert.Contains("table ArticleSearch", objects);
            Assert.Contains("table ArticleSearchRows", objects);
            Assert.Contains("view ArticleSearchContent", objects);
            Assert.Contains("trigger Articles_Search_Insert", objects);
            Assert.Contains("trigger Articles_Search_Update", objects);
            Assert.Contains("trigger Articles_Search_Delete", objects);
        }

        var pg = DescribePostgres(postgres.ConnectionString)["Articles"];
        Assert.Contains("column SearchVector tsvector", pg, StringComparison.Ordinal);
        Assert.Contains("USING gin (\"SearchVector\")", pg, StringComparison.Ordinal);
    }

    [Fact]
    public void The_migrated_SQLite_schema_equals_the_models_schema()
    {
        using var migrated = new TestDatabase(migrate: true);
        using var fromModel = new TestDatabase(migrate: false);
        using (var db = fromModel.CreateDbContext())
        {
            db.Database.EnsureCreated();
        }

        var expected = Describe(fromModel.ConnectionString);
        var actual = WithoutSearch(Describe(migrated.ConnectionString));

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (table, shape) in expected)
        {
            Assert.Equal(shape, actual[table]);
        }
    }

    [Fact]
    public void The_migrated_PostgreSQL_schema_equals_the_models_schema()
    {
        using var migrated = new TestDatabase(migrate: false, DatabaseKind.Postgres);
        using var fromModel = new TestDatabase(migrate: false, DatabaseKind.Postgres);
        using (var db = migrated.CreateDbContext())
        {
            db.Database.Migrate();
        }

        using (var db = fromModel.CreateDbContext())
        {
            db.Database.EnsureCreated();
        }

        var expected = DescribePostgres(fromModel.ConnectionString);
        var actual = WithoutSearch(DescribePostgres(migrated.ConnectionString));

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (table, shape) in expected)
        {
            Assert.Equal(shape, actual[table]);
        }
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public void Every_migration_is_applied_and_none_is_pending(DatabaseKind kind)
    {
        using var database = new TestDatabase(migrate: false, kind);
        using var db = database.CreateDbContext();
        db.Database.Migrate();
        Assert.Empty(db.Database.GetPendingMigrations());
        Assert.Equal(db.Database.GetMigrations(), db.Database.GetAppliedMigrations());
    }

    /// <summary>
    /// From pg_catalog and information_schema: columns (type, length, null, default, identity), every index by
    /// its definition, and every constraint (primary, unique, foreign with its delete rule) by its definition.
    /// </summary>
    private static Dictionary<string, string> DescribePostgres(string connectionString)
    {
        using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        var tables = Query(connection, """
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock')
            ORDER BY table_name
            """).Select(r => r[0]).ToList();
        var result = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            var lines = new List<string>();
            lines.AddRange(Query(connection, $"""
                SELECT column_name, data_type, character_maximum_length, is_nullable, column_default, is_identity, identity_generation
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}' ORDER BY ordinal_position
                """).Select(r => $"column {r[0]} {r[1]}({r[2]}) nullable={r[3]} default={r[4]} identity={r[5]} {r[6]}"));
            lines.AddRange(Query(connection, $"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = '{table}'")
                .Select(r => $"index {r[0]}: {r[1]}").Order(StringComparer.Ordinal));
            lines.AddRange(Query(connection, $"""
                SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
                JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = 'public' AND t.relname = '{table}'
                """).Select(r => $"constraint {r[0]}: {r[1]}").Order(StringComparer.Ordinal));
            result[table] = string.Join("\n", lines);
        }

        return result;
    }

    /// <summary>Columns (name, type, null, default, pk), indexes (name, unique, columns), foreign keys, autoincrement.</summary>
    private static Dictionary<string, string> Describe(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var tables = Query(connection, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock') ORDER BY name")
            .Select(r => r[0]).ToList();
        var result = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            var lines = new List<string>();
            lines.AddRange(Query(connection, $"PRAGMA table_info('{table}')").Select(r => $"column {r[1]} {r[2]} notnull={r[3]} default={r[4]} pk={r[5]}"));
            foreach (var index in Query(connection, $"PRAGMA index_list('{table}')").OrderBy(r => r[1]))
            {
                var columns = string.Join(",", Query(connection, $"PRAGMA index_info('{index[1]}')").Select(r => r[2]));
                lines.Add($"index {index[1]} unique={index[2]} origin={index[3]} ({columns})");
            }

            lines.AddRange(Query(connection, $"PRAGMA foreign_key_list('{table}')")
                .Select(r => $"fk {r[3]} -> {r[2]}.{r[4]} on delete {r[6]}").Order());
            var sql = Query(connection, $"SELECT sql FROM sqlite_master WHERE type='table' AND name='{table}'").Single()[0];
            lines.Add($"autoincrement={sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase)}");
            result[table] = string.Join("\n", lines);
        }

        return result;
    }

    private static List<string[]> Query(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray());
        }

        return rows;
    }
}
