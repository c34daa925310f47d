using Humas.Bot.Admin.Accounts;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Admin.Scoping;
using Humas.Bot.Admin.Reports;
using Humas.Bot.Delivery.Log;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Delivery.Operations;
using Humas.Bot.Delivery.Progress;
using Humas.Bot.Feedback;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Publishing;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Admin.Pages.Articles;

public sealed class DetailModel(
    DashboardQueries queries,
    DeliveryProgress progress,
    DeliveryLog log,
    EngagementQueries engagement,
    NationalItems nationalItems,
    IReactionService reactions,
    ReactionCatalog catalog,
    IEnumerable<IPlatformReactionSource> platformReactions,
    ArticleActions actions,
    ArticlePublisher publisher,
    AuditLog audit,
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

    /// <summary>For a national item: its reach per institution (for an institution's account, only its own institutions').</summary>
    public IReadOnlyList<NationalReachRow> NationalReach { get; private set; } = [];

    /// <summary>
    /// Another institution's national item, shown to this institution's editors read-only: what it is and its reach
    /// among their own subscribers, nothing else of it (no delivery log, totals or actions).
    /// </summary>
    public bool ForeignNational { get; private set; }

    /// <summary>Each platform's own reactions (Telegram's emoji), beside the five options and never added to them.</summary>
    public IReadOnlyList<(string Channel, IReadOnlyList<PlatformReactionCount> Counts)> PlatformReactions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, string? state, string? channel, int logpage, CancellationToken ct)
    {
        Article = await queries.ArticleAsync(id, ct);
        var scope = DashboardScope.From(User);
        if (Article is null && await nationalItems.ForeignAsync(id, scope, ct) is { } foreign)
        {
            (Article, ForeignNational) = (foreign, true);
            NationalReach = await nationalItems.ReachAsync(id, scope, ct);
            return Page();
        }

        State = DeliveryStates.Parse(state);
        Channel = channel is { Length: > 0 and <= 32 } ? channel : null;
        // An article outside the account's institutions is as unknown as one that does not exist.
        if (Article is null || await log.PageAsync(id, EditorScopes.Of(User), new DeliveryLogFilter(State, Channel), logpage, ct) is not { } entries)
        {
            return NotFound();
        }

        Log = entries;
        (Engagement, ClicksByChannel) = await engagement.ArticleAsync(id, ct);
        NationalReach = Article.National ? await nationalItems.ReachAsync(id, scope, ct) : [];

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

    /// <summary>
    /// Makes the article the national narrative (a national editor's decision: an institution's account gets 403, as on
    /// the institutions page), through the publish API's own <see cref="ArticlePublisher.MarkNationalAsync"/>.
    /// </summary>
    public async Task<IActionResult> OnPostNationalAsync(Guid id, CancellationToken ct)
    {
        if (RequireEditor() is { } denied)
        {
            return denied;
        }

        if (!DashboardScope.From(User).IsNational)
        {
            return Forbid(AdminAuth.Scheme);
        }

        var result = await publisher.MarkNationalAsync(id, ct);
        if (result == MarkNationalResult.NotFound)
        {
            return NotFound();
        }

        if (result == MarkNationalResult.Marked)
        {
            await audit.WriteAsync(Actor, "article.national", "article", id.ToString("D"), null, ct);
        }

        Flash = ui.T(result switch
        {
            MarkNationalResult.Marked => "admin.articles.national_marked",
            MarkNationalResult.AlreadyNational => "admin.articles.national_already",
            _ => "admin.articles.national_recalled",
        });
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

        Flash = await actions.StartAsync(id, kind, Actor, ct) is not null
            ? ui.T(kind == ArticleJobKind.Recall ? "admin.articles.started.recall" : "admin.articles.started.correct")
            : ui.T("admin.articles.busy");
        return RedirectToPage(new { id });
    }
}
