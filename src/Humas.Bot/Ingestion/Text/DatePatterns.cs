using System.Text.RegularExpressions;

namespace Humas.Bot.Ingestion.Text;

/// <summary>
/// The shapes of date the parser knows. Each exists anchored (a whole field) and unanchored (inside
/// running text); both are built from the same constant so they cannot drift apart.
/// </summary>
internal static partial class DatePatterns
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // Hostile pages must not stall a poll; the patterns are linear, this is a backstop.
    private const int TimeoutMs = 500;

    private const string Weekday =
        @"(?<wd>senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\s*,?\s*";

    private const string Month =
        @"(?<mon>januari|january|jan|februari|pebruari|february|feb|peb|maret|march|mar|april|apr|mei|may|juni|june|jun|juli|july|jul|agustus|august|agu|agt|ags|aug|september|sept|sep|oktober|october|okt|oct|november|nopember|nov|nop|desember|december|des|dec)\b\.?";

    private const string Zone = @"(?<z>WITA|WIB|WIT|GMT|UTC|UT|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT|[+-]\d{2}:?\d{2})\b";

    // Indonesian sites write 14.30 as often as 14:30, sometimes after "pukul" (o'clock).
    private const string Time =
        @"(?:\s*[,|–-]?\s*(?:pukul\s+|jam\s+|at\s+)?(?<h>\d{1,2})[:.](?<mi>\d{2})(?:[:.](?<s>\d{2}))?(?!\d)(?:\s*" + Zone + ")?)?";

    /// <summary>"Jumat, 14 Juli 2017", "Fri, 14 Jul 2017 10:00:00 +0700", "14-Jul-2017".</summary>
    public const string DayMonthYear =
        @"(?<!\w)(?:" + Weekday + @")?(?<d>\d{1,2})[\s-]+" + Month + @"[\s,-]+(?<y>\d{4}|\d{2})(?!\d)" + Time;

    /// <summary>"July 14, 2017", "Friday, July 14th 2017".</summary>
    public const string MonthDayYear =
        @"(?<!\w)(?:" + Weekday + ")?" + Month + @"\s+(?<d>\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(?<y>\d{4})(?!\d)" + Time;

    /// <summary>"Rabu (21/8/2019)", "21/08/2019", "Selasa (6/10)", "21-08-2019".</summary>
    public const string Numeric =
        @"(?<!\w)(?:" + Weekday + @")?(?<p>\()?\s*(?<d>\d{1,2})(?<sep>[/.-])(?<m>\d{1,2})(?:\k<sep>(?<y>\d{4}|\d{2}))?(?!\d)(?(p)\s*\))" + Time;

    /// <summary>"06 10-2015": day, then month-year, as kominfo.go.id prints.</summary>
    public const string Kominfo = @"(?<!\w)(?<d>\d{1,2})\s+(?<m>\d{1,2})-(?<y>\d{4})(?!\d)" + Time;

    /// <summary>"2017-07-14", "2017-07-14T10:00:00+07:00", "2017-07-14 03:00:00Z".</summary>
    public const string Iso =
        @"(?<!\w)(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?:[T ](?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2})(?<f>[.,]\d{1,9})?)?(?<z>Z|[+-]\d{2}(?::?\d{2})?)?)?(?!\w)";

    [GeneratedRegex(@"^\s*(?:" + Iso + @")\s*$", Options, TimeoutMs)]
    public static partial Regex IsoExact();

    [GeneratedRegex(@"^\s*(?:" + Kominfo + @")\s*$", Options, TimeoutMs)]
    public static partial Regex KominfoExact();

    [GeneratedRegex(@"^\s*(?:" + Numeric + @")\s*$", Options, TimeoutMs)]
    public static partial Regex NumericExact();

    [GeneratedRegex(@"^\s*(?:" + DayMonthYear + @")\s*$", Options, TimeoutMs)]
    public static partial Regex DayMonthYearExact();

    [GeneratedRegex(@"^\s*(?:" + MonthDayYear + @")\s*$", Options, TimeoutMs)]
    public static partial Regex MonthDayYearExact();

    [GeneratedRegex(Iso, Options, TimeoutMs)]
    public static partial Regex IsoInText();

    [GeneratedRegex(Kominfo, Options, TimeoutMs)]
    public static partial Regex KominfoInText();

    [GeneratedRegex(Numeric, Options, TimeoutMs)]
    public static partial Regex NumericInText();

    [GeneratedRegex(DayMonthYear, Options, TimeoutMs)]
    public static partial Regex DayMonthYearInText();

    [GeneratedRegex(MonthDayYear, Options, TimeoutMs)]
    public static partial Regex MonthDayYearInText();
}
