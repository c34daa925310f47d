using Humas.Bot.Admin.Accounts;
using Humas.Bot.Admin.Reports;
using Humas.Bot.Delivery.Log;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Delivery.Operations;
using Humas.Bot.Delivery.Progress;
using Humas.Bot.Feedback;
using Humas.Bot.Ingestion.Model;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Admin.Pages.Articles;

public sealed class DetailModel(
    DashboardQueries queries,
    DeliveryProgress progress,
    DeliveryLog log,
    EngagementQueries engagement,
    ReportQueries reports,
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
    /// <summary>The latest recall or correction and its progress (pending, done, failed copies).</summary>
    public ArticleJobStatus? Job { get; private set; }

    /// <summary>The per-recipient log: one page of it, filtered by <see cref="State"/> and <see cref="Channel"/>.</summary>
    public DeliveryLogPage Log { get; private set; } = new([], 0, 1, DeliveryLog.PageSize, []);
    public DeliveryState? State { get; private set; }
    public Engagement Engagement { get; private set; } = Engagement.None;
    public IReadOnlyList<ChannelClicks> ClicksByChannel { get; private set; } = [];
    public string? Channel { get; private set; }

    /// <summary>For a national item: its reach per institution.</summary>
    public IReadOnlyList<NationalReachRow> NationalReach { get; private set; } = [];

    /// <summary>Each platform's own reactions (Telegram's emoji), beside the five options and never added to them.</summary>
    public IReadOnlyList<(string Channel, IReadOnlyList<PlatformReactionCount> Counts)> PlatformReactions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, string? state, string? channel, int logpage, CancellationToken ct)
    {
        Article = await queries.ArticleAsync(id, ct);
        State = DeliveryStates.Parse(state);
        Channel = channel is { Length: > 0 and <= 32 } ? channel : null;
        // An article outside the account's institutions is as unknown as one that does not exist.
        if (Article is null || await log.PageAsync(id, EditorScopes.Of(User), new DeliveryLogFilter(State, Channel), logpage, ct) is not { } entries)
        {
            return NotFound();
        }

        Log = entries;
        (Engagement, ClicksByChannel) = await engagement.ArticleAsync(id, ct);
        NationalReach = Article.National ? await reports.NationalReachAsync(id, ct) : [];

        Progress = await progress.GetAsync(id, ct);
        Channels = await queries.ProgressByChannelAsync(id, ct);
        Tally = await reactions.GetTallyAsync(id, ct);
        var labels = catalog.OptionsIn(ui.Language);
        Bars = (Tally?.Options ?? []).Select(o => new ChartBar($"{o.Emoji} {labels.Single(l => l.Id == o.Id).Label}", o.Count, o.Id)).ToList();
        Job = await actions.LatestJobAsync(id, ct);
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

    /// <summary>The text key of a state's label (the delivery table's words where it has one).</summary>
    public static string StateKey(string state) => state switch
    {
        "sent" or "skipped" or "cancelled" or "recalled" => "admin.delivery." + state,
        "gave-up" => "admin.delivery.failed",
        _ => "admin.log.state." + state,
    };

    /// <summary>This page's address for page <paramref name="page"/> of the log with the current filters ("page" itself is Razor Pages' route value).</summary>
    public string LogLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["state"] = State is { } s ? DeliveryStates.Name(s) : null,
        ["channel"] = Channel,
        ["logpage"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => p.Value is not null)).Value + "#delivery-log";

    /// <summary>The CSV export of the whole filtered log.</summary>
    public string CsvLink => "/admin/ekspor/pengiriman.csv" + QueryString.Create(new Dictionary<string, string?>
    {
        ["article"] = Article!.Id.ToString("D"),
        ["state"] = State is { } s ? DeliveryStates.Name(s) : null,
        ["channel"] = Channel,
    }.Where(p => p.Value is not null)).Value;

    public Task<IActionResult> OnPostRecallAsync(Guid id, CancellationToken ct) => StartAsync(id, ArticleJobKind.Recall, ct);

    public Task<IActionResult> OnPostCorrectAsync(Guid id, CancellationToken ct) => StartAsync(id, ArticleJobKind.Correct, ct);

    /// <summary>The job's label ("Tarik kembali") and state in the page's language.</summary>
    public string JobLine(ArticleJobStatus status) => ui.T("admin.articles.job_progress",
        ui.T(status.Job.Kind == ArticleJobKind.Recall ? "admin.articles.recall" : "admin.articles.correct"),
        ui.T("admin.articles.job_state." + status.Job.State.ToString().ToLowerInvariant()),
        status.Job.Done, status.Job.Failed, status.Remaining);

    private async Task<IActionResult> StartAsync(Guid id, ArticleJobKind kind, CancellationToken ct)
    {
        if (RequireEditor() is { } denied)
        {
            return denied;
        }

        if (await queries.ArticleAsync(id, ct) is null)
        {
            return NotFound();
        }

        Flash = await actions.StartAsync(id, kind, Actor, ct)
            ? ui.T(kind == ArticleJobKind.Recall ? "admin.articles.started.recall" : "admin.articles.started.correct")
            : ui.T("admin.articles.busy");
        return RedirectToPage(new { id });
    }
}
