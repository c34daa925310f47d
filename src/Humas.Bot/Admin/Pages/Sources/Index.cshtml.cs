using Humas.Bot.Admin.Sources;
using Humas.Bot.Ingestion.Model;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Admin.Pages.Sources;

public sealed class IndexModel(DashboardSources sources, DashboardQueries queries, AdminUi ui) : AdminPage
{
    public IReadOnlyList<Source> Sources { get; private set; } = [];
    public SourceFormView View { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(new SourceForm(), new Dictionary<string, string>(), ct);

    public async Task<IActionResult> OnPostAsync([FromForm] SourceForm form, CancellationToken ct)
    {
        if (RequireAdmin() is { } denied)
        {
            return denied;
        }

        var errors = DashboardSources.Validate(form);
        var reason = errors.Count == 0 ? await sources.AddAsync(form, Actor, ct) : "admin.sources.invalid";
        if (reason is null)
        {
            Flash = ui.T("admin.sources.added", form.Id.Trim());
            return Redirect($"/admin/sumber/{Uri.EscapeDataString(form.Id.Trim())}");
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        Error = ui.T(reason);
        await LoadAsync(form, errors, ct);
        return Page();
    }

    private async Task LoadAsync(SourceForm form, Dictionary<string, string> errors, CancellationToken ct)
    {
        Sources = await sources.ListAsync(ct);
        View = new SourceFormView(form, errors, await queries.InstitutionsAsync(ct), IncludeId: true);
    }
}
