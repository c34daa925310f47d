using Humas.Bot.Admin.Live;
using Humas.Bot.Admin.Sources;
using Humas.Bot.Admin.Tips;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Tips.Model;

namespace Humas.Bot.Admin.Pages;

public sealed class IndexModel(DashboardQueries queries, DeliveryCounters counters, DashboardSources sources, TipDesk tips) : AdminPage
{
    public IReadOnlyList<ArticleListItem> Today { get; private set; } = [];
    public IReadOnlyList<ArticleListItem> InProgress { get; private set; } = [];
    public IReadOnlyList<(string Channel, long RateLimited, long Failed, long GaveUp)> Counters { get; private set; } = [];
    public DateTime CountersSince => counters.Since;
    public IReadOnlyList<DeliveryProblem> Problems { get; private set; } = [];
    public IReadOnlyList<string> Channels { get; private set; } = [];
    public IReadOnlyList<ChannelSubscribers> Subscribers { get; private set; } = [];
    public IReadOnlyList<Source> Sources { get; private set; } = [];
    public int NewTips { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = await queries.TodaysArticlesAsync(ct);
        InProgress = await queries.InProgressAsync(ct);
        Counters = counters.Snapshot();
        Problems = await queries.ProblemsAsync(ct);
        Subscribers = await queries.SubscribersPerChannelAsync(ct);
        Channels = Counters.Select(c => c.Channel).Concat(Problems.Select(p => p.Channel)).Concat(Subscribers.Select(s => s.Channel))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Sources = await sources.ListAsync(ct);
        NewTips = (await tips.ListAsync(TipState.New, ct)).Count;
    }
}
