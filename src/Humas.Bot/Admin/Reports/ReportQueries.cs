using System.Globalization;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Admin.Reports;

/// <summary>
/// The numbers behind the reports page, its charts and its CSV files. Reactions count readers' current votes
/// cast or changed within the period; delivery figures count deliveries planned within it.
/// </summary>
public sealed class ReportQueries(IDbContextFactory<HumasDbContext> factory, EngagementQueries engagement)
{
    public const int TopArticleCount = 10;

    public async Task<IReadOnlyList<ReactionRow>> ReactionsByInstitutionAsync(Period period, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (start, end) = (period.FromUtc, period.ToUtc);
        var counts = await (
            from v in db.Set<Vote>()
            join a in db.Set<Article>() on v.ArticleId equals a.Id
            where v.UpdatedAt >= start && v.UpdatedAt < end
            group v by new { a.InstitutionId, v.OptionId } into g
            select new { Group = g.Key.InstitutionId, g.Key.OptionId, Count = g.Count() }).ToListAsync(ct);
        return Pivot(counts.Select(c => (c.Group, c.OptionId, c.Count)));
    }

    public async Task<IReadOnlyList<ReactionRow>> ReactionsByCategoryAsync(Period period, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (start, end) = (period.FromUtc, period.ToUtc);
        var counts = await (
            from v in db.Set<Vote>()
            join a in db.Set<Article>() on v.ArticleId equals a.Id
            where v.UpdatedAt >= start && v.UpdatedAt < end
            group v by new { a.Category, v.OptionId } into g
            select new { Group = g.Key.Category, g.Key.OptionId, Count = g.Count() }).ToListAsync(ct);
        return Pivot(counts.Select(c => (c.Group ?? "-", c.OptionId, c.Count)));
    }

    /// <summary>
    /// Reactions per channel ("telegram", "teams", "web", …: the voter key's prefix), so votes from the website
    /// widget and web chat, which anyone can cast with a browser, stand beside those of the chat channels'
    /// known readers instead of passing for their opinion.
    /// </summary>
    public async Task<IReadOnlyList<ReactionRow>> ReactionsByChannelAsync(Period period, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (start, end) = (period.FromUtc, period.ToUtc);
        var counts = await (
            from v in db.Set<Vote>()
            where v.UpdatedAt >= start && v.UpdatedAt < end
            group v by new { Channel = v.VoterKey.Substring(0, v.VoterKey.IndexOf(":")), v.OptionId } into g
            select new { Group = g.Key.Channel, g.Key.OptionId, Count = g.Count() }).ToListAsync(ct);
        return Pivot(counts.Select(c => (c.Group, c.OptionId, c.Count)));
    }

    /// <summary>Articles with the most reactions cast or changed within the period (readers' current votes).</summary>
    public async Task<IReadOnlyList<TopArticleRow>> TopArticlesAsync(Period period, CancellationToken ct, string? institutionId = null, int take = TopArticleCount)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (start, end) = (period.FromUtc, period.ToUtc);
        var votes = from v in db.Set<Vote>()
                    join a in db.Set<Article>() on v.ArticleId equals a.Id
                    where v.UpdatedAt >= start && v.UpdatedAt < end && (institutionId == null || a.InstitutionId == institutionId)
                    select v;
        var ranked = await votes.GroupBy(v => v.ArticleId)
            .Select(g => new { ArticleId = g.Key, Reactions = g.Count() })
            .OrderByDescending(g => g.Reactions).ThenBy(g => g.ArticleId)
            .Take(take)
            .ToListAsync(ct);
        var ids = ranked.Select(r => r.ArticleId).ToList();
        var articles = await db.Set<Article>().AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Title, a.InstitutionId, a.Category, a.PublishedAt, Sent = db.Set<DeliveryRecord>().Count(d => d.ArticleId == a.Id && d.State == DeliveryState.Sent),
                Read = db.Set<DeliveryRecord>().Count(d => d.ArticleId == a.Id && d.ReadAt != null) })
            .ToDictionaryAsync(a => a.Id, ct);
        return ranked.Select(r =>
        {
            var a = articles[r.ArticleId];
            return new TopArticleRow(a.Id, a.Title, a.InstitutionId, a.Category, a.PublishedAt, r.Reactions, a.Sent, a.Read);
        }).ToList();
    }

    /// <summary>New conversations per Jakarta day and channel, with the running total of all ever created.</summary>
    public async Task<IReadOnlyList<SubscriberGrowthRow>> SubscriberGrowthAsync(Period period, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (start, end) = (period.FromUtc, period.ToUtc);
        var before = await db.Set<Conversation>().Where(c => c.CreatedAt < start).GroupBy(c => c.Channel)
            .Select(g => new { Channel = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Channel, g => g.Count, ct);
        var created = await db.Set<Conversation>().Where(c => c.CreatedAt >= start && c.CreatedAt < end)
            .Select(c => new { c.Channel, c.CreatedAt }).ToListAsync(ct);
        var byDay = created.GroupBy(c => (Day: DateOnly.FromDateTime(JakartaTime.ToLocal(c.CreatedAt)), c.Channel))
            .ToDictionary(g => g.Key, g => g.Count());
        var channels = before.Keys.Concat(created.Select(c => c.Channel)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var rows = new List<SubscriberGrowthRow>();
        foreach (var channel in channels)
        {
            var total = before.GetValueOrDefault(channel);
            for (var day = period.From; day <= period.To; day = day.AddDays(1))
            {
                var added = byDay.GetValueOrDefault((day, channel));
                total += added;
                rows.Add(new SubscriberGrowthRow(day, channel, added, total));
            }
        }

        return rows;
    }

    public async Task<IReadOnlyList<DeliverySuccessRow>> DeliverySuccessAsync(Period period, CancellationToken ct, string? institutionId = null)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (start, end) = (period.FromUtc, period.ToUtc);
        var deliveries = db.Set<DeliveryRecord>().Where(d => d.CreatedAt >= start && d.CreatedAt < end);
        if (institutionId is not null)
        {
            deliveries = deliveries.Where(d => db.Set<Article>().Any(a => a.Id == d.ArticleId && a.InstitutionId == institutionId));
        }

        var counts = await (
            from d in deliveries
            join c in db.Set<Conversation>() on d.ConversationId equals c.Id
            group d by new { c.Channel, d.State } into g
            select new { g.Key.Channel, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        return counts.GroupBy(c => c.Channel).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            int Of(params DeliveryState[] states) => g.Where(c => states.Contains(c.State)).Sum(c => c.Count);
            return new DeliverySuccessRow(g.Key, g.Sum(c => c.Count), Of(DeliveryState.Sent, DeliveryState.Recalled), Of(DeliveryState.GaveUp),
                Of(DeliveryState.Skipped), Of(DeliveryState.Cancelled), Of(DeliveryState.Pending, DeliveryState.Retrying, DeliveryState.Sending));
        }).ToList();
    }

    public async Task<EvaluationReport?> EvaluationAsync(string institutionId, int year, int month, CancellationToken ct)
    {
        var period = Period.Month(year, month);
        var (start, end) = (period.FromUtc, period.ToUtc);
        await using var db = await factory.CreateDbContextAsync(ct);
        var institution = await db.Set<Institution>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == institutionId, ct);
        if (institution is null)
        {
            return null;
        }

        var articles = await db.Set<Article>().CountAsync(a => a.InstitutionId == institutionId && a.PublishedAt >= start && a.PublishedAt < end, ct);
        var sent = db.Set<DeliveryRecord>().Where(d => d.SentAt >= start && d.SentAt < end
            && db.Set<Article>().Any(a => a.Id == d.ArticleId && a.InstitutionId == institutionId));
        var deliveriesSent = await sent.CountAsync(ct);
        var readers = await sent.Select(d => d.ConversationId).Distinct().CountAsync(ct);
        var failed = await db.Set<DeliveryRecord>().CountAsync(d => d.State == DeliveryState.GaveUp && d.UpdatedAt >= start && d.UpdatedAt < end
            && db.Set<Article>().Any(a => a.Id == d.ArticleId && a.InstitutionId == institutionId), ct);
        var subscribers = await db.Set<Conversation>().CountAsync(c => c.Status == ConversationStatus.Active && c.CreatedAt < end
            && db.Set<Subscription>().Any(s => s.ConversationId == c.Id
                && (s.Target == SubscriptionTarget.All || (s.Target == SubscriptionTarget.Institution && s.Value == institutionId))), ct);
        var reactions = await (
            from v in db.Set<Vote>()
            join a in db.Set<Article>() on v.ArticleId equals a.Id
            where a.InstitutionId == institutionId && v.UpdatedAt >= start && v.UpdatedAt < end
            group v by v.OptionId into g
            select new { OptionId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var reactionRow = Pivot(reactions.Select(r => (institutionId, r.OptionId, r.Count))).SingleOrDefault() ?? new ReactionRow(institutionId, 0, 0, 0, 0, 0);
        var tips = db.Set<Tip>().Where(t => t.InstitutionId == institutionId && t.CreatedAt >= start && t.CreatedAt < end);
        var tipsReceived = await tips.CountAsync(ct);
        var tipsAnswered = await tips.CountAsync(t => t.State != TipState.New, ct);
        var tipsAccepted = await tips.CountAsync(t => t.State == TipState.Accepted || t.State == TipState.Published, ct);
        var top = await TopArticlesAsync(period, ct, institutionId, take: 5);
        var clicks = await engagement.ClicksAsync(institutionId, period, ct);
        return new EvaluationReport(institutionId, institution.Name, year, month, articles, deliveriesSent, failed, readers, subscribers,
            reactionRow, top, tipsReceived, tipsAnswered, tipsAccepted, clicks);
    }

    public static IReadOnlyList<EvaluationCsvRow> EvaluationCsv(EvaluationReport r)
    {
        var month = string.Create(CultureInfo.InvariantCulture, $"{r.Year:D4}-{r.Month:D2}");
        string N(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
        string Optional(double? v) => v is { } x ? N(x) : "";
        EvaluationCsvRow Row(string metric, double value) => new(r.InstitutionId, month, metric, N(value));
        var rows = new List<EvaluationCsvRow>
        {
            Row("articles_published", r.Articles),
            Row("deliveries_sent", r.DeliveriesSent),
            Row("deliveries_failed", r.DeliveriesFailed),
            Row("delivery_success_rate", r.DeliverySuccess),
            Row("readers_reached", r.ReadersReached),
            Row("subscribers", r.Subscribers),
            Row("reactions_total", r.Reactions.Total),
        };
        for (var option = 1; option <= 5; option++)
        {
            rows.Add(Row($"reactions_option_{option}", r.Reactions.Of(option)));
        }

        rows.Add(Row("reactions_positive_share", r.PositiveShare));
        var e = r.Engagement;
        rows.Add(Row("reach", e.Reach));
        rows.Add(Row("clicks", e.Clicks));
        rows.Add(new EvaluationCsvRow(r.InstitutionId, month, "click_through_rate", Optional(e.ClickThroughRate)));
        rows.Add(new EvaluationCsvRow(r.InstitutionId, month, "engagement_rate", Optional(e.EngagementRate)));
        rows.Add(new EvaluationCsvRow(r.InstitutionId, month, "opinion_index", Optional(e.OpinionIndex)));
        rows.Add(Row("tips_received", r.TipsReceived));
        rows.Add(Row("tips_answered", r.TipsAnswered));
        rows.Add(Row("tips_accepted", r.TipsAccepted));
        foreach (var (article, i) in r.TopArticles.Select((a, i) => (a, i)))
        {
            rows.Add(new EvaluationCsvRow(r.InstitutionId, month, $"top_article_{i + 1}", $"{article.Reactions} {article.Title}"));
        }

        return rows;
    }

    private static List<ReactionRow> Pivot(IEnumerable<(string Group, int OptionId, int Count)> counts) =>
        counts.GroupBy(c => c.Group, StringComparer.Ordinal)
            .Select(g =>
            {
                int Of(int option) => g.Where(c => c.OptionId == option).Sum(c => c.Count);
                return new ReactionRow(g.Key, Of(1), Of(2), Of(3), Of(4), Of(5));
            })
            .OrderByDescending(r => r.Total).ThenBy(r => r.Group, StringComparer.Ordinal)
            .ToList();
}
