namespace Humas.Bot.Subscriptions;

/// <summary>
/// Readers' local time. Asia/Jakarta (WIB) is UTC+7 all year with no daylight saving, so a fixed offset is
/// exact and spares the service a time-zone database that minimal containers may lack.
/// </summary>
public static class JakartaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateTime ToLocal(DateTime utc) => DateTime.SpecifyKind(utc + Offset, DateTimeKind.Unspecified);

    public static DateTime ToUtc(DateTime local) => DateTime.SpecifyKind(local - Offset, DateTimeKind.Utc);

    public static int MinuteOfDay(DateTime utc)
    {
        var local = ToLocal(utc);
        return local.Hour * 60 + local.Minute;
    }
}
