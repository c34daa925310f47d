using System.Collections.Frozen;

namespace Humas.Bot.Ingestion.Text;

/// <summary>The words Indonesian and English news sites use for months, weekdays and time zones.</summary>
internal static class DateWords
{
    public static readonly FrozenDictionary<string, int> Months = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["januari"] = 1, ["january"] = 1, ["jan"] = 1,
        ["februari"] = 2, ["pebruari"] = 2, ["february"] = 2, ["feb"] = 2, ["peb"] = 2,
        ["maret"] = 3, ["march"] = 3, ["mar"] = 3,
        ["april"] = 4, ["apr"] = 4,
        ["mei"] = 5, ["may"] = 5,
        ["juni"] = 6, ["june"] = 6, ["jun"] = 6,
        ["juli"] = 7, ["july"] = 7, ["jul"] = 7,
        ["agustus"] = 8, ["august"] = 8, ["agu"] = 8, ["agt"] = 8, ["ags"] = 8, ["aug"] = 8,
        ["september"] = 9, ["sept"] = 9, ["sep"] = 9,
        ["oktober"] = 10, ["october"] = 10, ["okt"] = 10, ["oct"] = 10,
        ["november"] = 11, ["nopember"] = 11, ["nov"] = 11, ["nop"] = 11,
        ["desember"] = 12, ["december"] = 12, ["des"] = 12, ["dec"] = 12,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static readonly FrozenDictionary<string, DayOfWeek> Weekdays = new Dictionary<string, DayOfWeek>(StringComparer.OrdinalIgnoreCase)
    {
        ["senin"] = DayOfWeek.Monday, ["monday"] = DayOfWeek.Monday, ["mon"] = DayOfWeek.Monday,
        ["selasa"] = DayOfWeek.Tuesday, ["tuesday"] = DayOfWeek.Tuesday, ["tue"] = DayOfWeek.Tuesday, ["tues"] = DayOfWeek.Tuesday,
        ["rabu"] = DayOfWeek.Wednesday, ["wednesday"] = DayOfWeek.Wednesday, ["wed"] = DayOfWeek.Wednesday,
        ["kamis"] = DayOfWeek.Thursday, ["thursday"] = DayOfWeek.Thursday, ["thu"] = DayOfWeek.Thursday,
        ["thur"] = DayOfWeek.Thursday, ["thurs"] = DayOfWeek.Thursday,
        ["jumat"] = DayOfWeek.Friday, ["jum'at"] = DayOfWeek.Friday, ["friday"] = DayOfWeek.Friday, ["fri"] = DayOfWeek.Friday,
        ["sabtu"] = DayOfWeek.Saturday, ["saturday"] = DayOfWeek.Saturday, ["sat"] = DayOfWeek.Saturday,
        ["minggu"] = DayOfWeek.Sunday, ["ahad"] = DayOfWeek.Sunday, ["sunday"] = DayOfWeek.Sunday, ["sun"] = DayOfWeek.Sunday,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Named zones: Indonesia's three, universal time, and the US zones RFC 822 allows.</summary>
    public static readonly FrozenDictionary<string, TimeSpan> Zones = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase)
    {
        ["WIB"] = TimeSpan.FromHours(7),
        ["WITA"] = TimeSpan.FromHours(8),
        ["WIT"] = TimeSpan.FromHours(9),
        ["GMT"] = TimeSpan.Zero, ["UT"] = TimeSpan.Zero, ["UTC"] = TimeSpan.Zero, ["Z"] = TimeSpan.Zero,
        ["EST"] = TimeSpan.FromHours(-5), ["EDT"] = TimeSpan.FromHours(-4),
        ["CST"] = TimeSpan.FromHours(-6), ["CDT"] = TimeSpan.FromHours(-5),
        ["MST"] = TimeSpan.FromHours(-7), ["MDT"] = TimeSpan.FromHours(-6),
        ["PST"] = TimeSpan.FromHours(-8), ["PDT"] = TimeSpan.FromHours(-7),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
}
