using System.Globalization;
using System.Text.RegularExpressions;
using Humas.Bot.Feedback;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Feedback;

/// <summary>
/// Npgsql prepares a vote batch's reads, and PostgreSQL then plans them once for any keys (the generic plan), on a
/// new database while its tables are small and not yet analysed. That plan must still probe the unique indexes of
/// <c>Votes</c> and <c>CountedPresses</c>: a plan that scans them is kept until autovacuum's first ANALYZE, and in a
/// new database's first burst every batch read both tables whole. The batch's own statements are prepared and
/// explained with generic plans forced.
/// </summary>
public sealed partial class VoteReadPlanTests
{
    [Fact]
    public async Task A_batchs_reads_probe_the_indexes_in_their_generic_plans_on_a_new_database()
    {
        await using var h = await FeedbackHarness.CreateAsync(db: DatabaseKind.Postgres);
        var (article, _) = await h.PublishAsync();
        for (var i = 0; i < 20; i++)
        {
            await h.Reactions().VoteAsync(article, $"telegram:{i}", 1 + (i % 5), $"telegram:/press{i}", handedAgainUntilDone: false, default);
        }

        await using var db = await h.Get<IDbContextFactory<HumasDbContext>>().CreateDbContextAsync();
        var readers = Enumerable.Range(0, 30).Select(i => new ReactionService.VoterOn(article, $"telegram:{i}")).ToList();
        var (batch, _, votes, counted) = ReactionService.StoredVotesQueries(db, readers, ["telegram:/press1", "telegram:/press99"], lockReaders: false);
        // Without locks or writes, the batch's statements are its queries, in order.
        var statements = batch.Sql.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("SET plan_cache_mode = force_generic_plan");

        foreach (var (query, table) in new[] { (votes, "Votes"), (counted, "CountedPresses") })
        {
            var (sql, types, arguments) = Prepared(statements[query], batch.Values);
            await using (var prepare = db.Database.GetDbConnection().CreateCommand())
            {
                prepare.CommandText = $"PREPARE read{query} ({types}) AS {sql}";
                await prepare.ExecuteNonQueryAsync();
            }

            await using var explain = db.Database.GetDbConnection().CreateCommand();
            explain.CommandText = $"EXPLAIN EXECUTE read{query} ({arguments})";
            var plan = string.Join("\n", await QueryPlans.ReadAsync(explain));

            Assert.DoesNotContain($"Seq Scan on \"{table}\"", plan, StringComparison.Ordinal);
            Assert.Matches($"Index (Only )?Scan using \"?(PK|IX)_{table}", plan);
        }
    }

    /// <summary>The statement with <c>$1..$n</c> for its placeholders, their types, and its values written as literals.</summary>
    private static (string Sql, string Types, string Arguments) Prepared(string statement, IReadOnlyList<object> values)
    {
        var used = new List<int>();
        var sql = Placeholder().Replace(statement, m =>
        {
            var index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (!used.Contains(index))
            {
                used.Add(index);
            }

            return "$" + (used.IndexOf(index) + 1).ToString(CultureInfo.InvariantCulture);
        });
        var types = used.Select(i => values[i] switch
        {
            Guid[] => "uuid[]",
            string[] => "text[]",
            Guid => "uuid",
            var other => throw new InvalidOperationException($"No literal for {other.GetType()}"),
        });
        var arguments = used.Select(i => values[i] switch
        {
            Guid[] ids => $"'{{{string.Join(',', ids)}}}'::uuid[]",
            string[] texts => $"ARRAY[{string.Join(',', texts.Select(t => "'" + t.Replace("'", "''", StringComparison.Ordinal) + "'"))}]::text[]",
            Guid id => $"'{id}'::uuid",
            var other => throw new InvalidOperationException($"No literal for {other.GetType()}"),
        });
        return (sql, string.Join(", ", types), string.Join(", ", arguments));
    }

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();
}
