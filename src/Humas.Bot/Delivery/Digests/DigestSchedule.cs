using Humas.Bot.Subscriptions;
using Humas.Bot.Localization;

namespace Humas.Bot.Delivery.Digests;

/// <summary>When digests fall due, in Asia/Jakarta local time.</summary>
public static class DigestSchedule
{
    /// <summary>The latest scheduled digest time at or before <paramref name="nowUtc"/>, as UTC.</summary>
    public static DateTime LatestDue(DateTime nowUtc, DeliveryMode mode, int hour, DayOfWeek day)
    {
        var local = JakartaTime.ToLocal(nowUtc);
        var candidate = local.Date.AddHours(hour);
        if (candidate > local)
        {
            candidate = candidate.AddDays(-1);
        }

        if (mode == DeliveryMode.WeeklyDigest)
        {
            while (candidate.DayOfWeek != day)
            {
                candidate = candidate.AddDays(-1);
            }
        }

        return JakartaTime.ToUtc(candidate);
    }

    public static TimeSpan Period(DeliveryMode mode) => mode == DeliveryMode.WeeklyDigest ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);
}
