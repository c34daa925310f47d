using Humas.Bot.Delivery.Channels;
using Humas.Bot.Feedback;
using Humas.Bot.Ingestion.Text;
using Humas.Bot.Localization;
using Telegram.Bot.Types.ReplyMarkups;

namespace Humas.Bot.Channels.Telegram;

/// <summary>
/// The one place that decides how the core's messages look on Telegram: HTML within Telegram's tags,
/// lengths within 4096 (text) or 1024 (caption) visible characters, and the article keyboard. Words come
/// from Localization/Texts, the reaction emoji from Reactions:Options.
/// </summary>
public sealed class TelegramMessageFormatter(ITexts texts, IReactionService reactions)
{
    public const int MaxTextLength = 4096;
    public const int MaxCaptionLength = 1024;
    public const int MaxTitleLength = 300;

    /// <summary>The article as HTML whose visible length fits <paramref name="maxLength"/>; the summary is shortened first.</summary>
    public string Article(ArticleMessage article, int maxLength)
    {
        var title = TelegramHtml.Truncate(article.Title.Trim(), MaxTitleLength);
        var institution = article.FromLine(texts);
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
    public InlineKeyboardMarkup ArticleKeyboard(ArticleMessage article)
    {
        var buttons = reactions.Options.Select((option, i) => InlineKeyboardButton.WithCallbackData(
            $"{option.Emoji} {(i < article.ReactionCounts.Count ? article.ReactionCounts[i] : 0)}",
            ReactionActionData.Encode(article.ArticleId, option.Id))).ToArray();
        var readMore = texts.Get("common.readmore", article.Language);
        return new InlineKeyboardMarkup(new IEnumerable<InlineKeyboardButton>[] { buttons, [InlineKeyboardButton.WithUrl(readMore, article.Url)] });
    }

    public string Digest(DigestMessage digest)
    {
        var heading = texts.Get(digest.Period == DigestPeriod.Daily ? "common.digest.daily" : "common.digest.weekly", digest.Language);
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

    public string Text(TextMessage message) => TelegramHtml.Escape(TelegramHtml.Truncate(message.Text, MaxTextLength));

    /// <summary>"Jumat, 14 Juli 2017 10.00 WIB": readers' time in Jakarta, in their language.</summary>
    private static string FormatDate(DateTime publishedAtUtc, string language) =>
        JakartaTime.FormatDateTime(DateTime.SpecifyKind(publishedAtUtc, DateTimeKind.Utc), language);
}
