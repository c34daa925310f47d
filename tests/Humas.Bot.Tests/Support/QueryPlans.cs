using System.Data.Common;
using System.Globalization;

namespace Humas.Bot.Tests.Support;

/// <summary>Plans as the database explains them (an EXPLAIN command run by the caller).</summary>
internal static class QueryPlans
{
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
