using System.Globalization;

namespace Humas.Bot.Admin.Reports;

/// <summary>
/// What readers did with what was sent to them, and the definitions every report, CSV and the monthly
/// evaluation share (docs/FEEDBACK.md explains each number):
/// <list type="bullet">
/// <item>reach: messages delivered (a sent delivery, including ones recalled later);</item>
/// <item>clicks: openings of the counted "Baca selengkapnya" link by a person (not by link-preview fetchers or bots);</item>
/// <item>click-through rate: clicks ÷ reach;</item>
/// <item>votes: readers' current reactions on every channel, the website widget included;</item>
/// <item>engagement rate: (clicks + votes) ÷ reach; it can pass 100% when readers click more than once or
/// the ministry's own page collects votes from people the bot did not reach;</item>
/// <item>opinion index: (positive − negative) ÷ votes × 100, from −100 (all negative) to +100 (all positive), where
/// positive is options 1 and 2 (Suka, Bermanfaat), negative options 4 and 5 (Khawatir, Tidak suka) and option 3
/// (Biasa saja) is neutral: it counts in the votes but on neither side.</item>
/// </list>
/// A rate has no value (shown "–", empty in CSV) when what it divides by is zero.
/// </summary>
public sealed record Engagement(int Reach, int Clicks, int Votes, int Positive, int Negative)
{
    public static readonly int[] PositiveOptions = [1, 2];
    public static readonly int[] NegativeOptions = [4, 5];

    public static Engagement None { get; } = new(0, 0, 0, 0, 0);

    public double? ClickThroughRate => Reach == 0 ? null : (double)Clicks / Reach;

    public double? EngagementRate => Reach == 0 ? null : (double)(Clicks + Votes) / Reach;

    public double? OpinionIndex => Votes == 0 ? null : 100.0 * (Positive - Negative) / Votes;

    /// <summary>From the five option counts (ids 1..5).</summary>
    public static Engagement Of(int reach, int clicks, ReactionRow votes) => new(
        reach, clicks, votes.Total, PositiveOptions.Sum(votes.Of), NegativeOptions.Sum(votes.Of));

    /// <summary>"+42", "−7", "0" (one decimal when it has one); "–" for none.</summary>
    public static string FormatIndex(double? index) => index is not { } i
        ? "–"
        : (i > 0 ? "+" : i < 0 ? "−" : "") + Math.Abs(Math.Round(i, 1)).ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>
/// One article's numbers over its whole life. <see cref="WhatsAppReads"/>: deliveries WhatsApp reported as read
/// (empty when none); <see cref="TelegramChannelViews"/> stays empty (the Bot API does not report channel views).
/// </summary>
public sealed record ArticleEngagementRow(
    Guid ArticleId,
    string Title,
    string InstitutionId,
    DateTime PublishedAt,
    int Reach,
    int Clicks,
    double? ClickThroughRate,
    int Votes,
    double? EngagementRate,
    double? OpinionIndex,
    int? WhatsAppReads,
    int? TelegramChannelViews);

/// <summary>One institution's numbers in one Jakarta calendar month (<see cref="Month"/> as yyyy-MM): what happened in that month.</summary>
public sealed record MonthlyEngagementRow(
    string InstitutionId,
    string Month,
    int Articles,
    int Reach,
    int Clicks,
    double? ClickThroughRate,
    int Votes,
    double? EngagementRate,
    double? OpinionIndex,
    int? WhatsAppReads,
    int? TelegramChannelViews);

/// <summary>Clicks on one article's link on one channel.</summary>
public sealed record ChannelClicks(string Channel, int Clicks);
