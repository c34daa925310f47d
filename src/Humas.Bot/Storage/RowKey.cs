using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Humas.Bot.Storage;

/// <summary>
/// A unique key of an entity's table (its properties, integers or text) for raw statements on many rows at once: the
/// condition matching exactly some rows, the columns to read back, and one text per key, the same for a row in memory
/// and for the values a statement returns of it. EF's LINQ needs an expression per row for this, joined by OR, whose
/// tree it walks and hashes on every call; a hot path writing dozens of rows a commit paid for that in the SQLite writer.
/// </summary>
public sealed class RowKey<T>
    where T : class
{
    private readonly IReadOnlyList<IProperty> _properties;
    private readonly IReadOnlyList<string> _columns;

    public RowKey(HumasDbContext db, IReadOnlyList<string> properties)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
        _properties = [.. properties.Select(name => entity.FindProperty(name) is { ClrType: var type } property
                && (type == typeof(string) || type == typeof(long) || type == typeof(int))
                ? property
                : throw new ArgumentException($"{typeof(T).Name}.{name} is not a mapped integer or text property", nameof(properties)))];
        var sql = db.GetService<ISqlGenerationHelper>();
        _columns = [.. _properties.Select(p => sql.DelimitIdentifier(p.GetColumnName()))];
        Table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        Columns = string.Join(", ", _columns);
    }

    /// <summary>The table, quoted.</summary>
    public string Table { get; }

    /// <summary>The key's columns, quoted, for a <c>RETURNING</c> or a select list.</summary>
    public string Columns { get; }

    /// <summary>The key of <paramref name="row"/> as one text.</summary>
    public string Of(T row) => Text(_properties.Select(p => ColumnValues.Of(p, row)));

    /// <summary>The key of the current row of <paramref name="reader"/>, which reads <see cref="Columns"/>, as one text.</summary>
    public string Of(DbDataReader reader) => Text(Enumerable.Range(0, _columns.Count).Select(reader.GetValue));

    /// <summary>A condition true exactly of the rows of <paramref name="rows"/> (at least one), their values in <paramref name="batch"/>.</summary>
    public string Matching(RawSqlBatch batch, IEnumerable<T> rows)
    {
        var text = new StringBuilder("(");
        foreach (var row in rows)
        {
            text.Append(text.Length == 1 ? "(" : " OR (");
            for (var c = 0; c < _columns.Count; c++)
            {
                text.Append(c == 0 ? "" : " AND ").Append(_columns[c]).Append(" = ").Append(batch.P(ColumnValues.Of(_properties[c], row)!));
            }

            text.Append(')');
        }

        return text.Append(')').ToString();
    }

    private static string Text(IEnumerable<object?> values) => string.Join('\u001f', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
}

/// <summary>Values as their columns store them, for raw statements built from the EF model.</summary>
public static class ColumnValues
{
    /// <summary>The value of <paramref name="property"/> in <paramref name="row"/> through its converter, and text without U+0000.</summary>
    public static object? Of(IProperty property, object row)
    {
        var value = property.GetGetter().GetClrValue(row);
        if (value is not null && property.GetTypeMapping().Converter is { } converter)
        {
            value = converter.ConvertToProvider(value);
        }

        return value is string s && s.Contains('\0', StringComparison.Ordinal) ? s.Replace("\0", "", StringComparison.Ordinal) : value;
    }
}
