using System.Data.Common;
using System.Globalization;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Support;

/// <summary>Plans as the database explains them: an EXPLAIN command built here (<see cref="ExplainAsync"/>) or by the caller.</summary>
internal static class QueryPlans
{
    /// <summary>
    /// Runs <paramref name="explain"/> (EXPLAIN, or SQLite's EXPLAIN QUERY PLAN, of a statement) on <paramref name="db"/>'s
    /// connection with the statement's named <paramref name="parameters"/>; returns the plan as <see cref="ReadAsync"/> does.
    /// </summary>
    public static async Task<List<string>> ExplainAsync(HumasDbContext db, string explain, IEnumerable<KeyValuePair<string, object>> parameters)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = explain;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return await ReadAsync(command);
    }

    /// <summary>Each row's last column, in order: PostgreSQL's one line of the plan, SQLite's detail.</summary>
    public static async Task<List<string>> ReadAsync(DbCommand explain)
    {
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(Convert.ToString(reader.GetValue(reader.FieldCount - 1), CultureInfo.InvariantCulture) ?? "");
        }

        return plan;
    }
}
