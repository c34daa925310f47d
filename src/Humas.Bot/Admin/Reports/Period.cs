using System.Globalization;
using Humas.Bot.Localization;

namespace Humas.Bot.Admin.Reports;

/// <summary>
/// A report's period in Jakarta calendar days, [From, To] inclusive, at most <see cref="MaxDays"/> long;
/// <see cref="FromUtc"/> and <see cref="ToUtc"/> are the half-open UTC range queries use.
/// </summary>
public sealed record Period(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;
    public const int DefaultDays = 30;

    public DateTime FromUtc => JakartaTime.ToUtc(From.ToDateTime(TimeOnly.MinValue));

    public DateTime ToUtc => JakartaTime.ToUtc(To.AddDays(1).ToDateTime(TimeOnly.MinValue));

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>From the query string (yyyy-MM-dd); missing or bad values fall back to the last 30 days.</summary>
    public static Period Parse(string? from, string? to, DateTime utcNow)
    {
        var today = DateOnly.FromDateTime(JakartaTime.ToLocal(utcNow));
        var end = DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : today;
        var start = DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f : end.AddDays(1 - DefaultDays);
        if (start > end)
        {
            (start, end) = (end, start);
        }

        if (end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            start = end.AddDays(1 - MaxDays);
        }

        return new Period(start, end);
    }

    public static Period Month(int year, int month)
    {
        var start = new DateOnly(year, month, 1);
        return new Period(start, start.AddMonths(1).AddDays(-1));
    }

    public string FromText => From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string ToText => To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
