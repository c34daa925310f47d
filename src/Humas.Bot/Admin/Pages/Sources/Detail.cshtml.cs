using Humas.Bot.Admin.Audit;
using Humas.Bot.Admin.Sources;
using Humas.Bot.Ingestion.Model;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Admin.Pages.Sources;

public sealed class DetailModel(DashboardSources sources, DashboardQueries queries, AdminUi ui) : AdminPage
{
    public Source? Source { get; private set; }
    public IReadOnlyList<SourceHealthEvent> History { get; private set; } = [];
    public SourceFormView View { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) =>
        await LoadAsync(id, null, new Dictionary<string, string>(), ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCheckAsync(string id, CancellationToken ct)
    {
        if (RequireEditor() is { } denied)
        {
            return denied;
        }

        var report = await sources.CheckNowAsync(id, Actor, ct);
        if (report is null)
        {
            return NotFound();
        }

        Flash = report.Success ? ui.T("admin.sources.checked_ok", report.Created) : ui.T("admin.sources.checked_failed", report.Error ?? "");
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostEnableAsync(string id, bool enabled, CancellationToken ct)
    {
        if (RequireAdmin() is { } denied)
        {
            return denied;
        }

        if (await sources.SetEnabledAsync(id, enabled, Actor, ct) is { } reason)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Error = ui.T(reason);
            return await LoadAsync(id, null, new Dictionary<string, string>(), ct) ? Page() : NotFound();
        }

        Flash = ui.T(enabled ? "admin.sources.enabled" : "admin.sources.disabled");
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostEditAsync(string id, [FromForm] SourceForm form, CancellationToken ct)
    {
        if (RequireAdmin() is { } denied)
        {
            return denied;
        }

        form.Id = id;
        var errors = DashboardSources.Validate(form);
        var reason = errors.Count == 0 ? await sources.UpdateAsync(id, form, Actor, ct) : "admin.sources.invalid";
        if (reason is null)
        {
            Flash = ui.T("admin.sources.saved");
            return RedirectToPage(new { id });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        Error = ui.T(reason);
        return await LoadAsync(id, form, errors, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string id, SourceForm? form, Dictionary<string, string> errors, CancellationToken ct)
    {
        (Source, History) = await sources.GetAsync(id, ct);
        if (Source is null)
        {
            return false;
        }

        form ??= new SourceForm
        {
            Id = Source.Id, Institution = Source.InstitutionId, Name = Source.Name, Url = Source.ConfiguredUrl, Kind = Source.Kind.ToString(),
            PollSeconds = Source.PollSeconds, Category = Source.Category, ItemLink = Source.Selectors?.ItemLink,
        };
        View = new SourceFormView(form, errors, await queries.InstitutionsAsync(ct), IncludeId: false);
        return true;
    }
}
