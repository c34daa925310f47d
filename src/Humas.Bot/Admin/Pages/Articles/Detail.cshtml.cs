using Humas.Bot.Admin.Reports;
using Humas.Bot.Delivery.Progress;
using Humas.Bot.Feedback;
using Humas.Bot.Ingestion.Model;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Admin.Pages.Articles;

public sealed class DetailModel(
    DashboardQueries queries,
    DeliveryProgress progress,
    IReactionService reactions,
    ReactionCatalog catalog,
    IEnumerable<IPlatformReactionSource> platformReactions,
    ArticleActions actions,
    AdminUi ui) : AdminPage
{
    public Article? Article { get; private set; }
    public ArticleDeliveryProgress? Progress { get; private set; }
    public IReadOnlyList<ChannelProgress> Channels { get; private set; } = [];
    public ReactionTally? Tally { get; private set; }
    public IReadOnlyList<ChartBar> Bars { get; private set; } = [];
    public string? RunningAction { get; private set; }

    /// <summary>Each platform's own reactions (Telegram's emoji), beside the five options and never added to them.</summary>
    public IReadOnlyList<(string Channel, IReadOnlyList<PlatformReactionCount> Counts)> PlatformReactions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Article = await queries.ArticleAsync(id, ct);
        if (Article is null)
        {
            return NotFound();
        }

        Progress = await progress.GetAsync(id, ct);
        Channels = await queries.ProgressByChannelAsync(id, ct);
        Tally = await reactions.GetTallyAsync(id, ct);
        var labels = catalog.OptionsIn(ui.Language);
        Bars = (Tally?.Options ?? []).Select(o => new ChartBar($"{o.Emoji} {labels.Single(l => l.Id == o.Id).Label}", o.Count, o.Id)).ToList();
        RunningAction = actions.Running(id);
        var platforms = new List<(string, IReadOnlyList<PlatformReactionCount>)>();
        foreach (var source in platformReactions)
        {
            if (await source.CountsAsync(id, ct) is { Count: > 0 } counts)
            {
                platforms.Add((source.Channel, counts));
            }
        }

        PlatformReactions = platforms;
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        if (RequireEditor() is { } denied)
        {
            return denied;
        }

        if (await queries.ArticleAsync(id, ct) is null)
        {
            return NotFound();
        }

        Flash = ui.T("admin.articles.cancelled", await actions.CancelAsync(id, Actor, ct));
        return RedirectToPage(new { id });
    }

    public Task<IActionResult> OnPostRecallAsync(Guid id, CancellationToken ct) => StartAsync(id, "recall", ct);

    public Task<IActionResult> OnPostCorrectAsync(Guid id, CancellationToken ct) => StartAsync(id, "correct", ct);

    private async Task<IActionResult> StartAsync(Guid id, string verb, CancellationToken ct)
    {
        if (RequireEditor() is { } denied)
        {
            return denied;
        }

        if (await queries.ArticleAsync(id, ct) is null)
        {
            return NotFound();
        }

        Flash = await actions.StartAsync(id, verb, Actor, ct) ? ui.T("admin.articles.started." + verb) : ui.T("admin.articles.busy");
        return RedirectToPage(new { id });
    }
}
