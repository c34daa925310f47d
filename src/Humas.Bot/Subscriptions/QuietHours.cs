using Humas.Bot.Localization;
namespace Humas.Bot.Subscriptions;

/// <summary>A conversation's quiet window in local minutes of the day; start after end wraps midnight.</summary>
public readonly record struct QuietHours(int StartMinute, int EndMinute)
{
    public const int MinutesPerDay = 24 * 60;

    public bool Contains(int minuteOfDay) =>
        StartMinute < EndMinute
            ? minuteOfDay >= StartMinute && minuteOfDay < EndMinute
            : StartMinute > EndMinute && (minuteOfDay >= StartMinute || minuteOfDay < EndMinute);

    /// <summary>When a message due at <paramref name="utc"/> may go out: at once, or at the end of the window.</summary>
    public DateTime ReleaseAt(DateTime utc)
    {
        var minute = JakartaTime.MinuteOfDay(utc);
        if (!Contains(minute))
        {
            return utc;
        }

        return WindowEndAfter(utc, EndMinute);
    }

    /// <summary>The first local <paramref name="endMinute"/> after <paramref name="utc"/>, as UTC.</summary>
    public static DateTime WindowEndAfter(DateTime utc, int endMinute)
    {
        var local = JakartaTime.ToLocal(utc);
        var minute = local.Hour * 60 + local.Minute;
        var wait = (endMinute - minute + MinutesPerDay) % MinutesPerDay;
        return JakartaTime.ToUtc(local.Date.AddMinutes(minute + wait));
    }
}
