using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Humas.Bot.Storage;

/// <summary>
/// Raw statements sent together, in one round trip: what <c>ExecuteSqlRaw</c> does (values as parameters typed by
/// EF's mappings, the context's connection and transaction), but with the rows of every query in the batch read as
/// well as the count of rows written. EF has no such call: <c>ExecuteSqlRaw</c> returns no rows, <c>SqlQueryRaw</c>
/// reads one query and no count, and a LINQ query is a round trip of its own. A hot transaction that locks, reads
/// and writes in a few such batches instead of a statement each waits for a few round trips instead of many.
/// </summary>
public sealed class RawSqlBatch(HumasDbContext db)
{
    private readonly StringBuilder _sql = new();
    private readonly List<object> _values = [];
    private readonly Dictionary<object, string> _placeholders = [];

    // The queries added so far (statements that return rows, in the order their rows are read).
    private int _queries;

    public bool IsPostgres => db.Database.IsNpgsql();

    /// <summary>The statements as sent, <c>{n}</c> standing for <see cref="Values"/>[n] (tests explain their plans).</summary>
    internal string Sql => _sql.ToString();

    internal IReadOnlyList<object> Values => _values;

    /// <summary>A statement that writes (or returns nothing to read).</summary>
    public RawSqlBatch Write(string statement)
    {
        _sql.AppendLine(statement);
        return this;
    }

    /// <summary>A statement that returns rows: its rows come to the reader with this query's index, in order.</summary>
    public int Query(string statement)
    {
        _sql.AppendLine(statement);
        return _queries++;
    }

    /// <summary>The placeholder of a value; a value used twice (an article, the time) is one parameter.</summary>
    public string P(object value)
    {
        if (!_placeholders.TryGetValue(value, out var placeholder))
        {
            _placeholders[value] = placeholder = "{" + _values.Count.ToString(CultureInfo.InvariantCulture) + "}";
            _values.Add(value);
        }

        return placeholder;
    }

    /// <summary>
    /// <paramref name="column"/> is one of <paramref name="values"/> (at least one). On PostgreSQL <c>= ANY</c> of one
    /// array parameter: the statement's text is the same whatever the count, so Npgsql's prepared statement serves
    /// every batch (a list of its own length each time would be a new statement to parse, and would push the
    /// prepared ones out). On SQLite, which prepares every command anyway, a list of parameters.
    /// </summary>
    public string In<T>(string column, IReadOnlyCollection<T> values)
        where T : notnull
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Count);
        return IsPostgres
            ? $"{column} = ANY ({P(values.ToArray())})"
            : $"{column} IN ({string.Join(", ", values.Select(v => P(v)))})";
    }

    /// <summary>
    /// Runs the batch, handing each row of each query to <paramref name="read"/> with the query's index.
    /// </summary>
    /// <returns>The rows the batch's INSERT, UPDATE and DELETE statements changed (0 when it had none).</returns>
    public async Task<int> ExecuteAsync(Action<int, DbDataReader> read, CancellationToken ct)
    {
        var command = db.GetService<IRawSqlCommandBuilder>().Build(_sql.ToString(), _values, db.Model);
        var context = new RelationalCommandParameterObject(
            db.GetService<IRelationalConnection>(), command.ParameterValues, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.ExecuteSqlRaw);
        await using var reader = await command.RelationalCommand.ExecuteReaderAsync(context, ct);
        var data = reader.DbDataReader;
        // A statement that returns no rows has no columns (if a provider shows it as a result set at all), and a
        // query has at least one, so the result sets with columns are the queries, in order.
        var query = 0;
        do
        {
            if (data.FieldCount == 0)
            {
                continue;
            }

            while (await data.ReadAsync(ct))
            {
                read(query, data);
            }

            query++;
        }
        while (await data.NextResultAsync(ct));

        // Known once every statement has run; both count INSERT, UPDATE and DELETE only, and say -1 when none ran.
        return Math.Max(data.RecordsAffected, 0);
    }
}
