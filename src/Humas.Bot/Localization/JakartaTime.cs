using System.Globalization;

namespace Humas.Bot.Localization;

/// <summary>
/// Western Indonesian Time (WIB), the clock every seed site prints. Indonesia has kept +07:00 without
/// daylight saving since 1964, so a fixed offset is correct when the host has no tz database.
/// </summary>
public static class JakartaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The host's "Asia/Jakarta" zone when present, otherwise a fixed +07:00 zone.</summary>
    public static TimeZoneInfo Zone { get; } = FindZone();

    private static readonly string[] IndonesianDays = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];

    private static readonly string[] IndonesianMonths =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    /// <summary>The same instant on the Jakarta wall clock.</summary>
    public static DateTimeOffset ToJakarta(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>A UTC (or unspecified, read as UTC) <see cref="DateTime"/> on the Jakarta wall clock.</summary>
    public static DateTimeOffset FromUtc(DateTime utc) =>
        ToJakarta(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>The Jakarta wall-clock time of a UTC instant, as a plain (unspecified) DateTime for calendar arithmetic.</summary>
    public static DateTime ToLocal(DateTime utc) => DateTime.SpecifyKind(utc + Offset, DateTimeKind.Unspecified);

    /// <summary>The UTC instant of a Jakarta wall-clock time (fixed +07:00, no daylight saving).</summary>
    public static DateTime ToUtc(DateTime local) => DateTime.SpecifyKind(local - Offset, DateTimeKind.Utc);

    /// <summary>Minutes since Jakarta midnight of a UTC instant (quiet hours, digest hours).</summary>
    public static int MinuteOfDay(DateTime utc)
    {
        var local = ToLocal(utc);
        return local.Hour * 60 + local.Minute;
    }

    /// <summary>A Jakarta wall-clock time as an instant.</summary>
    public static DateTimeOffset FromLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = Zone.GetUtcOffset(unspecified);

        // Pre-1924 local mean time has seconds in its offset, which DateTimeOffset refuses.
        return new DateTimeOffset(unspecified, offset.Seconds == 0 ? offset : Offset);
    }

    /// <summary>"Jumat, 14 Juli 2017", or "Friday, 14 July 2017" when <paramref name="language"/> is "en".</summary>
    public static string FormatDate(DateTimeOffset instant, string? language = null)
    {
        var local = ToJakarta(instant);
        if (IsEnglish(language))
        {
            return local.ToString("dddd, d MMMM yyyy", CultureInfo.InvariantCulture);
        }

        // Own tables rather than CultureInfo("id-ID"): hosts without ICU data would print English.
        return $"{IndonesianDays[(int)local.DayOfWeek]}, {local.Day} {IndonesianMonths[local.Month - 1]} {local.Year}";
    }

    /// <summary>"Senin", or "Monday" when <paramref name="language"/> is "en".</summary>
    public static string DayName(DayOfWeek day, string? language = null) =>
        IsEnglish(language) ? CultureInfo.InvariantCulture.DateTimeFormat.GetDayName(day) : IndonesianDays[(int)day];

    /// <summary>"Jumat, 14 Juli 2017 14.30 WIB" (Indonesian writes times with a dot), or "Friday, 14 July 2017 14:30 WIB".</summary>
    public static string FormatDateTime(DateTimeOffset instant, string? language = null)
    {
        var local = ToJakarta(instant);
        var separator = IsEnglish(language) ? ":" : ".";
        return $"{FormatDate(instant, language)} {local.Hour:00}{separator}{local.Minute:00} WIB";
    }

    private static bool IsEnglish(string? language) =>
        language is not null && language.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    private static TimeZoneInfo FindZone()
    {
        foreach (var id in new[] { "Asia/Jakarta", "SE Asia Standard Time" })
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                // Containers without tzdata land here; the fixed zone below is exact for modern dates.
            }
        }

        return TimeZoneInfo.CreateCustomTimeZone("Asia/Jakarta", Offset, "Western Indonesian Time", "WIB");
    }
}
