using Humas.Bot.Channels.Telegram.Api.Types;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Telegram;

/// <summary>
/// The one place that decides how the core's messages look on Telegram: HTML within Telegram's tags,
/// lengths within 4096 (text) or 1024 (caption) visible characters, and the article keyboard.
/// </summary>
public static class TelegramMessageFormatter
{
    public const int MaxTextLength = 4096;
    public const int MaxCaptionLength = 1024;
    public const int MaxTitleLength = 300;

    /// <summary>
    /// Emoji of the five reaction options (ids 1..5). Feedback will supply them from Reactions:Options;
    /// until then these defaults keep the buttons in option order.
    /// </summary>
    public static IReadOnlyList<string> DefaultReactionEmoji { get; } = ["👍", "❤️", "😮", "😢", "😡"];

    private static readonly string[] IndonesianMonths =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    private static readonly string[] EnglishMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>The article as HTML whose visible length fits <paramref name="maxLength"/>; the summary is shortened first.</summary>
    public static string Article(ArticleMessage article, int maxLength)
    {
        var title = TelegramHtml.Truncate(article.Title.Trim(), MaxTitleLength);
        var institution = article.InstitutionName.Trim();
        var date = FormatDate(article.PublishedAt, article.Language);

        // Visible characters of everything but the summary: three lines, then a blank line.
        var fixedLength = institution.Length + 1 + title.Length + 1 + date.Length;
        var summaryRoom = maxLength - fixedLength - 2;
        var summary = summaryRoom > 1 ? TelegramHtml.Truncate(article.Summary.Trim(), summaryRoom) : "";
        if (fixedLength > maxLength)
        {
            title = TelegramHtml.Truncate(title, Math.Max(1, maxLength - institution.Length - date.Length - 2));
        }

        var head = $"{TelegramHtml.Escape(institution)}\n<b>{TelegramHtml.Escape(title)}</b>\n<i>{TelegramHtml.Escape(date)}</i>";
        return summary.Length == 0 ? head : $"{head}\n\n{TelegramHtml.Escape(summary)}";
    }

    /// <summary>One row of the five reaction buttons ("emoji count"), then the "read more" link.</summary>
    public static InlineKeyboardMarkup ArticleKeyboard(ArticleMessage article)
    {
        var reactions = new InlineKeyboardButton[DefaultReactionEmoji.Count];
        for (var i = 0; i < reactions.Length; i++)
        {
            var count = i < article.ReactionCounts.Count ? article.ReactionCounts[i] : 0;
            reactions[i] = InlineKeyboardButton.WithCallback($"{DefaultReactionEmoji[i]} {count}", ReactionCallbackData.Encode(article.ArticleId, i + 1));
        }

        var readMore = article.Language == "en" ? "Read more" : "Baca selengkapnya";
        return new InlineKeyboardMarkup([reactions, [InlineKeyboardButton.WithUrl(readMore, article.Url)]]);
    }

    public static string Digest(DigestMessage digest)
    {
        var english = digest.Language == "en";
        var heading = (digest.Period, english) switch
        {
            (DigestPeriod.Daily, false) => "Ringkasan berita hari ini",
            (DigestPeriod.Weekly, false) => "Ringkasan berita minggu ini",
            (DigestPeriod.Daily, true) => "Today's news digest",
            _ => "This week's news digest",
        };
        var part = digest.PartCount > 1 ? $" ({digest.Part}/{digest.PartCount})" : "";
        var lines = new List<string> { $"<b>{TelegramHtml.Escape(heading)}</b>{part}" };
        var used = heading.Length + part.Length;
        foreach (var entry in digest.Entries)
        {
            var title = TelegramHtml.Truncate(entry.Title.Trim(), MaxTitleLength);
            var visible = 3 + title.Length + 3 + entry.InstitutionName.Length;
            if (used + visible > MaxTextLength)
            {
                // The splitter measures conservatively; this only guards against a digest it could not split.
                break;
            }

            used += visible;
            lines.Add($"• <a href=\"{TelegramHtml.Escape(entry.Url)}\">{TelegramHtml.Escape(title)}</a> — {TelegramHtml.Escape(entry.InstitutionName)}");
        }

        return string.Join('\n', lines);
    }

    public static string Text(TextMessage message) => TelegramHtml.Escape(TelegramHtml.Truncate(message.Text, MaxTextLength));

    /// <summary>"22 November 2026, 14.05 WIB": readers' time in Jakarta, months spelled in their language.</summary>
    public static string FormatDate(DateTime publishedAtUtc, string language)
    {
        var utc = publishedAtUtc.Kind == DateTimeKind.Local ? publishedAtUtc.ToUniversalTime() : publishedAtUtc;
        var local = JakartaTime.ToLocal(utc);
        var english = language == "en";
        var month = (english ? EnglishMonths : IndonesianMonths)[local.Month - 1];
        var separator = english ? ':' : '.';
        return $"{local.Day} {month} {local.Year}, {local.Hour:00}{separator}{local.Minute:00} WIB";
    }
}
