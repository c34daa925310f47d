using System.Globalization;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Conversations.Commands;

/// <summary>
/// /pengaturan: language, instant or a daily digest at a chosen hour, quiet hours. Each choice is a button
/// whose action ("set:…") carries the whole choice, so a press needs no server-side menu state.
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
        var mode = c.DeliveryMode == DeliveryMode.Instant
            ? texts.Get("commands.settings.instant", lang)
            : texts.Get("commands.settings.daily", lang, c.DigestHour.ToString("00", CultureInfo.InvariantCulture));
        var quiet = c.QuietStartMinute is { } s && c.QuietEndMinute is { } e
            ? $"{Clock(s)}–{Clock(e)}"
            : texts.Get("commands.settings.quietoff", lang);
        var text = texts.Get("commands.settings.current", lang, lang == Languages.English ? "English" : "Bahasa Indonesia", mode, quiet);
        IReadOnlyList<IReadOnlyList<MessageButton>> rows =
        [
            [new MessageButton("Bahasa Indonesia", "set:lang:id"), new MessageButton("English", "set:lang:en")],
            [new MessageButton(texts.Get("commands.settings.instant", lang), "set:mode:instant")],
            DigestHours.Select(h => new MessageButton(texts.Get("commands.settings.daily", lang, h.ToString("00", CultureInfo.InvariantCulture)), $"set:mode:daily:{h}")).ToList(),
            [new MessageButton(texts.Get("commands.settings.quietnight", lang), "set:quiet:22-6"), new MessageButton(texts.Get("commands.settings.quietoff", lang), "set:quiet:off")],
        ];
        return new ChatReply(text, rows);
    }

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
            case [_, "mode", "daily", var hour] when int.TryParse(hour, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h is >= 0 and <= 23:
                await subscriptions.SetModeAsync(conversationId, DeliveryMode.DailyDigest, h, ct: ct);
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
