using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Humas.Bot.Localization;

namespace Humas.Bot.Ingestion.Text;

/// <summary>
/// Reads the dates that Indonesian news feeds and pages print: Indonesian and English day and month
/// names, "Rabu (21/8/2019)", kominfo's "06 10-2015", RFC 822/1123 (with WIB, WITA, WIT), ISO 8601.
/// A date without a zone is Jakarta wall-clock time; without a time it is 00:00 in Jakarta.
/// A stated weekday that disagrees with a full date is ignored: sites get weekdays wrong more often than dates.
/// </summary>
public sealed class NewsDateParser
{
    // Longer than any date field; a longer "date" is a scraping mistake, not something to search.
    private const int MaxFieldLength = 200;

    // Body text is searched only this far: the dateline is near the top.
    private const int MaxSearchLength = 50_000;

    // A leap day on a given weekday recurs every 28 years; look back a little further than that.
    private const int MaxYearsBack = 60;

    /// <param name="reference">"Now" for the source: a date without a year is placed at or before it.</param>
    public bool TryParse(string? text, DateTimeOffset reference, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxFieldLength)
        {
            return false;
        }

        try
        {
            var normalized = Normalize(text);
            Regex[] shapes =
            [
                DatePatterns.IsoExact(), DatePatterns.KominfoExact(), DatePatterns.NumericExact(),
                DatePatterns.DayMonthYearExact(), DatePatterns.MonthDayYearExact(),
            ];
            foreach (var shape in shapes)
            {
                var match = shape.Match(normalized);
                if (match.Success)
                {
                    return TryBuild(match, reference, inRunningText: false, out value);
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Treated as "no date": the caller falls back to the next source of a date.
        }

        return false;
    }

    /// <summary>Finds the first date inside running text, such as "..., Selasa (6/10) dalam acara ...".</summary>
    /// <remarks>
    /// Stricter than <see cref="TryParse"/>: a day/month without a year counts only with a weekday
    /// ("Selasa (6/10)"), so fractions and numbers like "9/10" are not mistaken for dates.
    /// </remarks>
    public bool TryFind(string? text, DateTimeOffset reference, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            var normalized = Normalize(text.Length > MaxSearchLength ? text[..MaxSearchLength] : text);
            Regex[] shapes =
            [
                DatePatterns.IsoInText(), DatePatterns.KominfoInText(), DatePatterns.NumericInText(),
                DatePatterns.DayMonthYearInText(), DatePatterns.MonthDayYearInText(),
            ];
            var candidates = shapes
                .SelectMany(shape => shape.Matches(normalized))
                .OrderBy(m => m.Index)
                .ThenByDescending(m => m.Length);
            foreach (var match in candidates)
            {
                if (TryBuild(match, reference, inRunningText: true, out value))
                {
                    return true;
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // As in TryParse: no date rather than a failed poll.
        }

        value = default;
        return false;
    }

    private static bool TryBuild(Match match, DateTimeOffset reference, bool inRunningText, out DateTimeOffset value)
    {
        value = default;
        var month = match.Groups["m"].Success
            ? Number(match.Groups["m"].Value)
            : DateWords.Months.GetValueOrDefault(match.Groups["mon"].Value.TrimEnd('.'));
        var day = Number(match.Groups["d"].Value);
        DayOfWeek? weekday = null;
        if (match.Groups["wd"].Success)
        {
            if (!DateWords.Weekdays.TryGetValue(match.Groups["wd"].Value, out var named))
            {
                return false;
            }

            weekday = named;
        }

        if (month is < 1 or > 12 || day is < 1 or > 31)
        {
            return false;
        }

        int year;
        if (match.Groups["y"].Success)
        {
            year = ExpandYear(match.Groups["y"].Value);
        }
        else
        {
            // "10.5" is a decimal and "3/4" a fraction unless a weekday says otherwise.
            if (weekday is null && (inRunningText || match.Groups["sep"].Value == "."))
            {
                return false;
            }

            var inferred = InferYear(month, day, weekday, reference);
            if (inferred is null)
            {
                return false;
            }

            year = inferred.Value;
        }

        if (year is < 1900 or > 9998 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var hour = match.Groups["h"].Success ? Number(match.Groups["h"].Value) : 0;
        var minute = match.Groups["mi"].Success ? Number(match.Groups["mi"].Value) : 0;
        var second = match.Groups["s"].Success ? Number(match.Groups["s"].Value) : 0;
        if (hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        // A leap second is kept as the last ordinary second rather than rejected.
        var local = new DateTime(year, month, day, hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified)
            .AddTicks(FractionTicks(match.Groups["f"]));

        if (!match.Groups["z"].Success)
        {
            value = JakartaTime.FromLocal(local);
            return true;
        }

        if (!TryZone(match.Groups["z"].Value, out var offset))
        {
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    /// <summary>
    /// With a weekday: the most recent year, not after the reference, in which day/month falls on it.
    /// Without: the latest occurrence of day/month not after the reference.
    /// </summary>
    private static int? InferYear(int month, int day, DayOfWeek? weekday, DateTimeOffset reference)
    {
        var today = DateOnly.FromDateTime(JakartaTime.ToJakarta(reference).DateTime);
        for (var year = today.Year; year >= today.Year - MaxYearsBack && year >= 1900; year--)
        {
            if (day > DateTime.DaysInMonth(year, month))
            {
                continue;
            }

            var candidate = new DateOnly(year, month, day);
            if (candidate <= today && (weekday is null || candidate.DayOfWeek == weekday))
            {
                return year;
            }
        }

        return null;
    }

    private static bool TryZone(string zone, out TimeSpan offset)
    {
        if (DateWords.Zones.TryGetValue(zone, out offset))
        {
            return true;
        }

        // Numeric: +0700, +07:00 or +07.
        var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
        var hours = Number(digits[..2]);
        var minutes = digits.Length >= 4 ? Number(digits[2..4]) : 0;
        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (zone[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    /// <summary>Two-digit years as RFC 2822 reads them: 00-49 are 20xx, 50-99 are 19xx.</summary>
    private static int ExpandYear(string digits)
    {
        var year = Number(digits);
        return digits.Length > 2 ? year : year < 50 ? 2000 + year : 1900 + year;
    }

    private static long FractionTicks(Group fraction)
    {
        if (!fraction.Success)
        {
            return 0;
        }

        // ".5" is half a second: pad or cut the digits to the 7 that make ticks.
        var digits = fraction.Value[1..].PadRight(7, '0')[..7];
        return long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static int Number(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    /// <summary>Zero-width characters hide inside copied dates; curly apostrophes appear in "Jum’at".</summary>
    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD':
                    break;
                case '’' or '‘' or '`':
                    builder.Append('\'');
                    break;
                default:
                    builder.Append(char.IsWhiteSpace(c) ? ' ' : c);
                    break;
            }
        }

        return builder.ToString();
    }
}
