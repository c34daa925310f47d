using System.Globalization;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Links;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Admin.Reports;

/// <summary>
/// Reach, clicks, votes and the rates made of them (<see cref="Engagement"/>) per article, per institution and
/// month, and for the monthly evaluation. Per article the numbers cover the article's whole life (articles
/// published within the period); per month they count what happened in the month: messages sent, clicks made
/// and votes cast or changed in it.
/// </summary>
public sealed class EngagementQueries(IDbContextFactory<HumasDbContext> factory)
{
    public const int ShownArticles = 100;

    /// <summary>Articles published within <paramref name="period"/>, newest first, at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<ArticleEngagementRow>> ArticlesAsync(Period period, int take, CancellationToken ct, string? institutionId = null)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (start, end) = (period.FromUtc, period.ToUtc);
        var articles = db.Set<Article>().Where(a => a.PublishedAt >= start && a.PublishedAt < end
            && (institutionId == null || a.InstitutionId == institutionId));
        var list = await articles.OrderByDescending(a => a.PublishedAt).ThenBy(a => a.Id).Take(take)
            .Select(a => new { a.Id, a.Title, a.InstitutionId, a.PublishedAt }).ToListAsync(ct);
        var ids = list.Select(a => a.Id).ToList();
        var reach = await db.Set<DeliveryRecord>().Where(d => d.ArticleId != null && ids.Contains(d.ArticleId.Value) && d.SentAt != null)
            .GroupBy(d => d.ArticleId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var clicks = await (
            from c in db.Set<ArticleClickDay>()
            join l in db.Set<ArticleLink>() on c.LinkId equals l.Id
            where ids.Contains(l.ArticleId)
            group c by l.ArticleId into g
            select new { g.Key, Clicks = g.Sum(c => c.Clicks) }).ToDictionaryAsync(g => g.Key, g => g.Clicks, ct);
        var votes = await db.Set<ReactionTallyRow>().Where(t => ids.Contains(t.ArticleId))
            .Select(t => new { t.ArticleId, t.OptionId, t.Count }).ToListAsync(ct);
        var reads = await db.Set<DeliveryRecord>().Where(d => d.ArticleId != null && ids.Contains(d.ArticleId.Value) && d.ReadAt != null)
            .GroupBy(d => d.ArticleId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return list.Select(a =>
        {
            var mine = votes.Where(v => v.ArticleId == a.Id).ToList();
            int Of(int option) => mine.Where(v => v.OptionId == option).Sum(v => v.Count);
            var e = Engagement.Of(reach.GetValueOrDefault(a.Id), clicks.GetValueOrDefault(a.Id), new ReactionRow("", Of(1), Of(2), Of(3), Of(4), Of(5)));
            return new ArticleEngagementRow(a.Id, a.Title, a.InstitutionId, a.PublishedAt, e.Reach, e.Clicks, e.ClickThroughRate, e.Votes,
                e.EngagementRate, e.OpinionIndex, WhatsAppReads: Reads(reads.GetValueOrDefault(a.Id)), TelegramChannelViews: null);
        }).ToList();
    }

    /// <summary>
    /// Read receipts (only WhatsApp sends them, into <see cref="DeliveryRecord.ReadAt"/>); none is shown as empty, as
    /// a channel that reports no reads cannot be told from one whose readers read nothing.
    /// </summary>
    private static int? Reads(int count) => count > 0 ? count : null;

    /// <summary>One article over its life, and its clicks per channel (for the article's page).</summary>
    public async Task<(Engagement Total, IReadOnlyList<ChannelClicks> Clicks)> ArticleAsync(Guid articleId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var reach = await db.Set<DeliveryRecord>().CountAsync(d => d.ArticleId == articleId && d.SentAt != null, ct);
        var clicks = await (
            from c in db.Set<ArticleClickDay>()
            join l in db.Set<ArticleLink>() on c.LinkId equals l.Id
            where l.ArticleId == articleId
            group c by l.Channel into g
            select new ChannelClicks(g.Key, g.Sum(c => c.Clicks))).ToListAsync(ct);
        var votes = await db.Set<ReactionTallyRow>().Where(t => t.ArticleId == articleId).Select(t => new { t.OptionId, t.Count }).ToListAsync(ct);
        int Of(int option) => votes.Where(v => v.OptionId == option).Sum(v => v.Count);
        return (Engagement.Of(reach, clicks.Sum(c => c.Clicks), new ReactionRow("", Of(1), Of(2), Of(3), Of(4), Of(5))),
            clicks.OrderBy(c => c.Channel, StringComparer.Ordinal).ToList());
    }

    /// <summary>Every institution with any activity, per Jakarta month that overlaps <paramref name="period"/> (whole months), oldest month first.</summary>
    public async Task<IReadOnlyList<MonthlyEngagementRow>> MonthlyAsync(Period period, CancellationToken ct, string? institutionId = null)
    {
        var rows = new List<MonthlyEngagementRow>();
        for (var month = new DateOnly(period.From.Year, period.From.Month, 1); month <= period.To; month = month.AddMonths(1))
        {
            rows.AddRange(await MonthAsync(Period.Month(month.Year, month.Month), month, institutionId, ct));
        }

        return rows;
    }

    /// <summary>Clicks on the links of <paramref name="institutionId"/>'s articles made within <paramref name="period"/> (the evaluation's figure).</summary>
    public async Task<int> ClicksAsync(string institutionId, Period period, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (firstDay, lastDay) = (period.From, period.To);
        return await (
            from c in db.Set<ArticleClickDay>()
            join l in db.Set<ArticleLink>() on c.LinkId equals l.Id
            join a in db.Set<Article>() on l.ArticleId equals a.Id
            where a.InstitutionId == institutionId && c.Day >= firstDay && c.Day <= lastDay
            select c.Clicks).SumAsync(ct);
    }

    private async Task<IReadOnlyList<MonthlyEngagementRow>> MonthAsync(Period month, DateOnly first, string? institutionId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (start, end) = (month.FromUtc, month.ToUtc);
        var (firstDay, lastDay) = (month.From, month.To);
        var articles = db.Set<Article>().Where(a => institutionId == null || a.InstitutionId == institutionId);
        var published = await articles.Where(a => a.PublishedAt >= start && a.PublishedAt < end)
            .GroupBy(a => a.InstitutionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var reach = await (
            from d in db.Set<DeliveryRecord>()
            join a in articles on d.ArticleId equals a.Id
            where d.SentAt >= start && d.SentAt < end
            group d by a.InstitutionId into g
            select new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var clicks = await (
            from c in db.Set<ArticleClickDay>()
            join l in db.Set<ArticleLink>() on c.LinkId equals l.Id
            join a in articles on l.ArticleId equals a.Id
            where c.Day >= firstDay && c.Day <= lastDay
            group c by a.InstitutionId into g
            select new { g.Key, Clicks = g.Sum(c => c.Clicks) }).ToDictionaryAsync(g => g.Key, g => g.Clicks, ct);
        var votes = await (
            from v in db.Set<Vote>()
            join a in articles on v.ArticleId equals a.Id
            where v.UpdatedAt >= start && v.UpdatedAt < end
            group v by new { a.InstitutionId, v.OptionId } into g
            select new { g.Key.InstitutionId, g.Key.OptionId, Count = g.Count() }).ToListAsync(ct);
        var reads = await (
            from d in db.Set<DeliveryRecord>()
            join a in articles on d.ArticleId equals a.Id
            where d.ReadAt >= start && d.ReadAt < end
            group d by a.InstitutionId into g
            select new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var monthText = first.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var institutions = published.Keys.Concat(reach.Keys).Concat(clicks.Keys).Concat(votes.Select(v => v.InstitutionId))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return institutions.Select(institution =>
        {
            int Of(int option) => votes.Where(v => v.InstitutionId == institution && v.OptionId == option).Sum(v => v.Count);
            var e = Engagement.Of(reach.GetValueOrDefault(institution), clicks.GetValueOrDefault(institution),
                new ReactionRow(institution, Of(1), Of(2), Of(3), Of(4), Of(5)));
            return new MonthlyEngagementRow(institution, monthText, published.GetValueOrDefault(institution), e.Reach, e.Clicks, e.ClickThroughRate,
                e.Votes, e.EngagementRate, e.OpinionIndex, WhatsAppReads: Reads(reads.GetValueOrDefault(institution)), TelegramChannelViews: null);
        }).ToList();
    }
}
