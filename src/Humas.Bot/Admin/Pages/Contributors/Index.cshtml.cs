using System.Globalization;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Tips.Contributors;
using Humas.Bot.Tips.Model;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Admin.Pages.Contributors;

public sealed class IndexModel(DashboardQueries queries, TipLeaderboard board, ContributorRegistry registry, AuditLog audit, AdminUi ui, TimeProvider time) : AdminPage
{
    public const int TopPeople = 10;

    public IReadOnlyList<ContributorRank> People { get; private set; } = [];
    public IReadOnlyList<UnitRank> Units { get; private set; } = [];

    /// <summary>Institutions stand for regions: each contributor's unit belongs to one institution (see docs/ADMIN.md).</summary>
    public IReadOnlyList<(string Institution, int Accepted)> Regions { get; private set; } = [];
    public IReadOnlyList<TipInvite> Invites { get; private set; } = [];
    public IReadOnlyList<TipContributor> Contributors { get; private set; } = [];
    public IReadOnlyList<Institution> Institutions { get; private set; } = [];
    public string MonthLabel { get; private set; } = "";
    public string MonthValue { get; private set; } = "";
    public DateTime Now { get; private set; }
    public string? NewCode { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(string? month, CancellationToken ct)
    {
        Now = time.GetUtcNow().UtcDateTime;
        var (year, m) = DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? (d.Year, d.Month) : board.CurrentMonth();
        MonthLabel = TipLeaderboard.Label(year, m);
        MonthValue = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{m:D2}");
        People = await board.ContributorsAsync(year, m, TopPeople, ct);
        Units = await board.UnitsAsync(year, m, ct);
        Regions = Units.GroupBy(u => u.InstitutionId).Select(g => (g.Key, g.Sum(u => u.Accepted)))
            .OrderByDescending(r => r.Item2).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        Invites = await queries.InvitesAsync(ct);
        Contributors = await queries.ContributorsAsync(ct);
        Institutions = await queries.InstitutionsAsync(ct);
    }

    public async Task<IActionResult> OnPostInviteAsync(string? institution, string? unit, int uses, int days, CancellationToken ct)
    {
        if (RequireEditor() is { } denied)
        {
            return denied;
        }

        try
        {
            var created = await registry.CreateInviteAsync(institution ?? "", unit ?? "", uses, days, ct);
            await audit.WriteAsync(Actor, "invite.create", "invite", created.InstitutionId, created.Unit, ct);
            // Shown on this response only: the code is stored as a hash and cannot be shown again.
            NewCode = created.Code;
        }
        catch (ArgumentException)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Error = ui.T("admin.contributors.invalid_invite");
        }

        await OnGetAsync(null, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        if (RequireEditor() is { } denied)
        {
            return denied;
        }

        if (await queries.RevokeInviteAsync(id, ct))
        {
            await audit.WriteAsync(Actor, "invite.revoke", "invite", id.ToString(CultureInfo.InvariantCulture), null, ct);
            Flash = ui.T("admin.contributors.revoked");
        }

        return RedirectToPage();
    }
}
