using System.Globalization;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Conversations.Commands;

/// <summary>
/// /pengaturan: language, instant or a daily or weekly digest at any hour, quiet hours, and the way to the
/// followed keywords and topics (<see cref="FollowMenu"/>). Each choice is a button whose action ("set:…")
/// carries the whole choice, so a press needs no server-side menu state: "set:hours:d" and "set:days" open the
/// hour and day pickers, whose buttons carry the finished choice ("set:mode:daily:5", "set:mode:weekly:1:19").
/// </summary>
public sealed class SettingsMenu(SubscriptionService subscriptions, IDbContextFactory<HumasDbContext> factory, ITexts texts)
{
    public const string Prefix = "set:";
    private static readonly int[] DigestHours = [7, 12, 19];

    public async Task<ChatReply> ShowAsync(long conversationId, string lang, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var c = await db.Set<Conversation>().AsNoTracking().SingleAsync(x => x.Id == conversationId, ct);
        lang = c.Language;
        var mode = c.DeliveryMode switch
        {
            DeliveryMode.Instant => texts.Get("commands.settings.instant", lang),
            DeliveryMode.WeeklyDigest => texts.Get("commands.settings.weekly", lang, JakartaTime.DayName(c.DigestDay, lang), Hour(c.DigestHour)),
            _ => texts.Get("commands.settings.daily", lang, Hour(c.DigestHour)),
        };
        var quiet = c.QuietStartMinute is { } s && c.QuietEndMinute is { } e
            ? $"{Clock(s)}–{Clock(e)}"
            : texts.Get("commands.settings.quietoff", lang);
        var text = texts.Get("commands.settings.current", lang, lang == Languages.English ? "English" : "Bahasa Indonesia", mode, quiet);
        IReadOnlyList<IReadOnlyList<MessageButton>> rows =
        [
            [new MessageButton("Bahasa Indonesia", "set:lang:id"), new MessageButton("English", "set:lang:en")],
            [new MessageButton(texts.Get("commands.settings.instant", lang), "set:mode:instant")],
            DigestHours.Select(h => new MessageButton(texts.Get("commands.settings.daily", lang, Hour(h)), $"set:mode:daily:{h}")).ToList(),
            [new MessageButton(texts.Get("commands.settings.otherhour", lang), "set:hours:d"), new MessageButton(texts.Get("commands.settings.weeklybutton", lang), "set:days")],
            [new MessageButton(texts.Get("commands.settings.quietnight", lang), "set:quiet:22-6"), new MessageButton(texts.Get("commands.settings.quietoff", lang), "set:quiet:off")],
            [new MessageButton(texts.Get("commands.follow.listbutton", lang), FollowMenu.ListAction), new MessageButton(texts.Get("commands.follow.topicsbutton", lang), FollowMenu.TopicsAction)],
        ];
        return new ChatReply(text, rows);
    }

    /// <summary>Every hour of the day, six a row, each finishing the choice "<paramref name="then"/>{hour}".</summary>
    private ChatReply HourPicker(string then, string lang)
    {
        var rows = Enumerable.Range(0, 24).Chunk(6)
            .Select(hours => (IReadOnlyList<MessageButton>)hours.Select(h => new MessageButton(Clock(h * 60), then + h.ToString(CultureInfo.InvariantCulture))).ToList())
            .Append([new MessageButton(texts.Get("commands.settings.back", lang), ShowAction)])
            .ToList();
        return new ChatReply(texts.Get("commands.settings.pickhour", lang), rows);
    }

    private ChatReply DayPicker(string lang)
    {
        // Monday first, as Indonesian calendars print the week.
        var days = Enumerable.Range(1, 7).Select(d => (DayOfWeek)(d % 7)).ToList();
        var rows = days.Chunk(4)
            .Select(row => (IReadOnlyList<MessageButton>)row.Select(d => new MessageButton(JakartaTime.DayName(d, lang), $"set:hours:w:{(int)d}")).ToList())
            .Append([new MessageButton(texts.Get("commands.settings.back", lang), ShowAction)])
            .ToList();
        return new ChatReply(texts.Get("commands.settings.pickday", lang), rows);
    }

    private const string ShowAction = "set:show";

    private static string Hour(int hour) => hour.ToString("00", CultureInfo.InvariantCulture);

    /// <summary>Applies one choice and shows the settings again (in the new language when that changed).</summary>
    public async Task<ChatReply> ApplyAsync(long conversationId, string action, string lang, CancellationToken ct)
    {
        var parts = action.Split(':');
        switch (parts)
        {
            case [_, "lang", var language] when language is Languages.Indonesian or Languages.English:
                await subscriptions.SetLanguageAsync(conversationId, language, ct);
                break;
            case [_, "mode", "instant"]:
                await subscriptions.SetModeAsync(conversationId, DeliveryMode.Instant, ct: ct);
                break;
            case [_, "mode", "daily", var hour] when TryHour(hour, out var h):
                await subscriptions.SetModeAsync(conversationId, DeliveryMode.DailyDigest, h, ct: ct);
                break;
            case [_, "mode", "weekly", var day, var hour] when TryDay(day, out var d) && TryHour(hour, out var h):
                await subscriptions.SetModeAsync(conversationId, DeliveryMode.WeeklyDigest, h, d, ct);
                break;
            case [_, "hours", "d"]:
                return HourPicker("set:mode:daily:", lang);
            case [_, "hours", "w", var day] when TryDay(day, out var d):
                return HourPicker($"set:mode:weekly:{(int)d}:", lang);
            case [_, "days"]:
                return DayPicker(lang);
            case [_, "show"]:
                break;
            case [_, "quiet", "off"]:
                await subscriptions.SetQuietHoursAsync(conversationId, null, null, ct);
                break;
            case [_, "quiet", var window] when TryWindow(window, out var start, out var end):
                await subscriptions.SetQuietHoursAsync(conversationId, start, end, ct);
                break;
            default:
                return ChatReply.Plain(texts.Get("commands.button.old", lang));
        }

        return await ShowAsync(conversationId, lang, ct);
    }

    private static bool TryHour(string text, out int hour) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out hour) && hour is >= 0 and <= 23;

    private static bool TryDay(string text, out DayOfWeek day)
    {
        var ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 6;
        day = (DayOfWeek)d;
        return ok;
    }

    private static bool TryWindow(string window, out TimeOnly start, out TimeOnly end)
    {
        start = end = default;
        var hours = window.Split('-');
        if (hours.Length != 2
            || !int.TryParse(hours[0], NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s > 23
            || !int.TryParse(hours[1], NumberStyles.None, CultureInfo.InvariantCulture, out var e) || e > 23 || s == e)
        {
            return false;
        }

        start = new TimeOnly(s, 0);
        end = new TimeOnly(e, 0);
        return true;
    }

    private static string Clock(int minute) => $"{minute / 60:00}.{minute % 60:00}";
}
