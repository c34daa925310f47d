using System.Globalization;
using System.Reflection;
using CsvHelper;

namespace Humas.Bot.Admin.Reports;

/// <summary>
/// CSV downloads: UTF-8 with a byte order mark (so Excel opens Indonesian text right), RFC 4180, a header row of
/// the row record's English property names, invariant numbers written as numbers (a negative one stays a number),
/// ISO dates (UTC for instants), text that a spreadsheet would run as a formula escaped; at most <see cref="MaxRows"/> rows.
/// </summary>
public static class CsvFiles
{
    public const int MaxRows = 100_000;

    public static byte[] Write<T>(IEnumerable<T> rows)
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            csv.WriteHeader(properties.Select(p => p.Name).ToArray());
            foreach (var row in rows.Take(MaxRows))
            {
                foreach (var property in properties)
                {
                    // Numbers go in as numbers: the injection escape is for text, and "-100" is not a formula.
                    switch (property.GetValue(row))
                    {
                        case int i:
                            csv.WriteField(i, "", CultureInfo.InvariantCulture);
                            break;
                        case long l:
                            csv.WriteField(l, "", CultureInfo.InvariantCulture);
                            break;
                        case double d:
                            csv.WriteField(d, "0.####", CultureInfo.InvariantCulture);
                            break;
                        case var value:
                            csv.WriteField(Format(value));
                            break;
                    }
                }

                csv.EndRecord();
            }

            csv.Flush();
        }

        return buffer.ToArray();
    }

    public static IResult Result<T>(IEnumerable<T> rows, string fileName) =>
        Results.File(Write(rows), "text/csv; charset=utf-8", fileName);

    private static string? Format(object? value) => value switch
    {
        null => null,
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
