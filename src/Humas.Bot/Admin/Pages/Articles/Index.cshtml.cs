using Humas.Bot.Admin.Reports;
using Humas.Bot.Admin.Scoping;
using Humas.Bot.Institutions;

namespace Humas.Bot.Admin.Pages.Articles;

public sealed class IndexModel(DashboardQueries queries, NationalItems national) : AdminPage
{
    public string? Q { get; private set; }
    public string? Institution { get; private set; }
    public int PageIndex { get; private set; }
    public bool HasMore { get; private set; }
    public IReadOnlyList<ArticleListItem> Articles { get; private set; } = [];
    public IReadOnlyList<Institution> Institutions { get; private set; } = [];

    /// <summary>For an institution's account: other institutions' national items, with their reach among its own subscribers.</summary>
    public IReadOnlyList<ArticleListItem> NationalItems { get; private set; } = [];

    public async Task OnGetAsync(string? q, string? institution, int page, CancellationToken ct)
    {
        Q = q is { Length: > 200 } ? q[..200] : q;
        Institution = institution;
        PageIndex = Math.Clamp(page, 0, 10_000);
        var rows = await queries.SearchArticlesAsync(Q, institution, PageIndex, ct);
        HasMore = rows.Count > DashboardQueries.PageSize;
        Articles = rows.Take(DashboardQueries.PageSize).ToList();
        Institutions = await queries.InstitutionsAsync(ct);
        NationalItems = PageIndex == 0 ? await national.ForeignListAsync(DashboardScope.From(User), Q, ct) : [];
    }
}
