using Humas.Bot.Alerts;

namespace Humas.Bot.Admin.Pages.Incidents;

/// <summary>Open incidents and those resolved in the last days, as the alerts told them; scoped like every page.</summary>
public sealed class IndexModel(IncidentList incidents) : AdminPage
{
    public IReadOnlyList<IncidentRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await incidents.ListAsync(ct);
}
