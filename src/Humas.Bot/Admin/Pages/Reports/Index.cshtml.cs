using System.Globalization;
using Humas.Bot.Admin.Reports;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Localization;

namespace Humas.Bot.Admin.Pages.Reports;

public sealed class IndexModel(ReportQueries reports, EngagementQueries engagement, DashboardQueries queries, TimeProvider time) : AdminPage
{
    public Period Period { get; private set; } = null!;
    public IReadOnlyList<ReactionRow> ByInstitution { get; private set; } = [];
    public IReadOnlyList<ReactionRow> ByCategory { get; private set; } = [];
    public IReadOnlyList<ReactionRow> ByChannel { get; private set; } = [];
    public IReadOnlyList<TopArticleRow> Top { get; private set; } = [];
    public IReadOnlyList<SubscriberGrowthRow> Growth { get; private set; } = [];
    public IReadOnlyList<(DateOnly Day, int Total)> GrowthTotals { get; private set; } = [];
    public IReadOnlyList<DeliverySuccessRow> Delivery { get; private set; } = [];
    public IReadOnlyList<Institution> Institutions { get; private set; } = [];
    public string CurrentMonth { get; private set; } = "";
    public IReadOnlyList<ArticleEngagementRow> ArticleEngagement { get; private set; } = [];
    public IReadOnlyList<MonthlyEngagementRow> MonthlyEngagement { get; private set; } = [];

    public async Task OnGetAsync(string? from, string? to, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        Period = Period.Parse(from, to, now);
        ByInstitution = await reports.ReactionsByInstitutionAsync(Period, ct);
        ByCategory = await reports.ReactionsByCategoryAsync(Period, ct);
        ByChannel = await reports.ReactionsByChannelAsync(Period, ct);
        Top = await reports.TopArticlesAsync(Period, ct);
        Growth = await reports.SubscriberGrowthAsync(Period, ct);
        GrowthTotals = Growth.GroupBy(g => g.Day).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(x => x.Total))).ToList();
        Delivery = await reports.DeliverySuccessAsync(Period, ct);
        ArticleEngagement = await engagement.ArticlesAsync(Period, EngagementQueries.ShownArticles, ct);
        MonthlyEngagement = await engagement.MonthlyAsync(Period, ct);
        Institutions = await queries.InstitutionsAsync(ct);
        CurrentMonth = JakartaTime.ToLocal(now).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }
}
