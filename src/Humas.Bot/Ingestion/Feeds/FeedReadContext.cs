using Humas.Bot.Ingestion.Text;

namespace Humas.Bot.Ingestion.Feeds;

/// <summary>What every reader needs while mapping one feed: date parsing against one "now", and link resolution.</summary>
internal sealed class FeedReadContext(NewsDateParser dates, DateTimeOffset now)
{
    public DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return dates.TryParse(text.Trim(), now, out var value) ? value : null;
    }

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

        return resolved.Scheme is "http" or "https" ? resolved.AbsoluteUri : null;
    }
}
