using Humas.Bot.Ingestion.Text;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// What every reader needs while mapping one feed: date parsing against one "now", link resolution, and
/// the one HTML-to-text path every title and feed description goes through.
/// </summary>
internal sealed class FeedReadContext(NewsDateParser dates, ArticleText text, DateTimeOffset now)
{
    /// <summary>
    /// Markup read for one title or feed description. Real ones are a few hundred characters; beyond this
    /// a hostile feed would only make us parse more HTML for a line that is cut at 1,000 characters anyway.
    /// </summary>
    public const int MaxHeadlineMarkup = 16_000;

    public DateTimeOffset? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return dates.TryParse(value.Trim(), now, out var parsed) ? parsed : null;
    }

    /// <summary>A title (or feed name) as one line of plain text; tags, scripts and entities never survive.</summary>
    public string? Title(string? html) => NonEmpty(text.HtmlToLine(Clip(html)));

    /// <summary>A feed description as plain paragraphs.</summary>
    public string? Description(string? html) => NonEmpty(text.HtmlToText(Clip(html)));

    /// <summary>
    /// An absolute http(s) link, or null. Other schemes (javascript:, mailto:) are dropped because
    /// these links end up as buttons in chats.
    /// </summary>
    public static string? ResolveLink(string? raw, Uri @base)
    {
        if (string.IsNullOrWhiteSpace(raw) || !Uri.TryCreate(@base, raw.Trim(), out var resolved))
        {
            return null;
        }

        return IsWeb(resolved) ? resolved.AbsoluteUri : null;
    }

    public static bool IsWeb(Uri uri) => uri.IsAbsoluteUri && uri.Scheme is "http" or "https";

    private static string Clip(string? html)
    {
        if (html is null || html.Length <= MaxHeadlineMarkup)
        {
            return html ?? "";
        }

        // Never between the halves of a surrogate pair.
        return html[..(char.IsHighSurrogate(html[MaxHeadlineMarkup - 1]) ? MaxHeadlineMarkup - 1 : MaxHeadlineMarkup)];
    }

    private static string? NonEmpty(string value) => value.Length == 0 ? null : value;
}
