using Humas.Bot.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Delivery;

/// <summary>
/// The hand-written Delivery migration must build what the model describes: same tables, columns, types,
/// nullability, keys, indexes and foreign keys, with EF's names.
/// </summary>
public sealed class DeliverySchemaTests
{
    private static readonly string[] Tables = ["Conversations", "Subscriptions", "Deliveries"];

    [Fact]
    public async Task The_migrated_delivery_tables_equal_the_models()
    {
        var folder = Path.Combine(Path.GetTempPath(), "humas-schema-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var migrated = await SchemaAsync(Path.Combine(folder, "migrated.db"), db => db.Database.MigrateAsync());
            var created = await SchemaAsync(Path.Combine(folder, "created.db"), db => db.Database.EnsureCreatedAsync());
            Assert.Equal(created, migrated);
            Assert.Contains("IX_Deliveries_ArticleId_ConversationId", migrated);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> SchemaAsync(string file, Func<HumasDbContext, Task> create)
    {
        var options = new DbContextOptionsBuilder<HumasDbContext>()
            .UseSqlite($"Data Source={file}")
            .Options;
        await using var db = new SqliteHumasDbContext(options);
        await create(db);
        var lines = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        foreach (var table in Tables)
        {
            lines.AddRange(await QueryAsync(connection, $"SELECT name || ' ' || type || ' ' || \"notnull\" || ' ' || pk FROM pragma_table_info('{table}') ORDER BY name"));
            lines.AddRange(await QueryAsync(connection, $"SELECT name || ' unique=' || \"unique\" || ' ' || (SELECT group_concat(name, ',') FROM pragma_index_info(il.name)) FROM pragma_index_list('{table}') il ORDER BY name"));
            // The statements as SQLite keeps them, with the layout around commas and brackets evened out: a column
            // added by ALTER TABLE is appended to the stored CREATE TABLE text as "\n, ...)" where a created table
            // has ",\n    ...\n)".
            lines.AddRange((await QueryAsync(connection, $"SELECT sql FROM sqlite_master WHERE tbl_name = '{table}' AND sql IS NOT NULL ORDER BY name"))
                .Select(sql => System.Text.RegularExpressions.Regex.Replace(sql, @"\s*([,()])\s*", "$1")));
            lines.AddRange(await QueryAsync(connection, $"SELECT \"table\" || '.' || \"to\" || ' <- ' || \"from\" || ' ' || on_delete FROM pragma_foreign_key_list('{table}') ORDER BY \"from\""));
        }

        return string.Join('\n', lines);
    }

    private static async Task<List<string>> QueryAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            // SQLite keeps a table's SQL as written: a column added later by ALTER TABLE joins the CREATE
            // statement after ", " where a fresh CREATE puts a line break. Whitespace is not structure.
            rows.Add(string.Join(' ', reader.GetString(0).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)));
        }

        return rows;
    }
}
