using Humas.Bot.Admin.Accounts;
using Humas.Bot.Storage.Audit;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Admin.Pages.Users;

/// <summary>Accounts and publish API keys; admins only (the page's policy, and each handler checks again).</summary>
public sealed class IndexModel(AdminAccounts accounts, PublishKeys keys, AuditLog audit, AdminUi ui) : AdminPage
{
    public IReadOnlyList<AdminAccount> Users { get; private set; } = [];
    public IReadOnlyList<PublishKeyRow> Keys { get; private set; } = [];
    public string? NewKey { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Users = await accounts.ListAsync(ct);
        Keys = await keys.ListAsync(ct);
    }

    /// <summary>A form's institution ids: separated by commas or spaces; none means national.</summary>
    public static IReadOnlyList<string> ParseInstitutions(string? text) =>
        (text ?? "").Split([',', ' ', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public async Task<IActionResult> OnPostAddAsync(string? email, AdminRole role, string? password, string? institutions, CancellationToken ct)
    {
        if (RequireAdmin() is { } denied)
        {
            return denied;
        }

        try
        {
            var served = ParseInstitutions(institutions);
            var user = await accounts.AddAsync(email ?? "", role, password ?? "", served, ct);
            await audit.WriteAsync(Actor, "user.add", "user", user.Email, AccountAudit.Added(role, served), ct);
            Flash = ui.T("admin.users.added", user.Email);
            return RedirectToPage();
        }
        catch (AccountException)
        {
            return await FailAsync("admin.users.invalid", ct);
        }
    }

    public async Task<IActionResult> OnPostRoleAsync(long id, AdminRole role, bool disabled, CancellationToken ct)
    {
        if (RequireAdmin() is { } denied)
        {
            return denied;
        }

        // An admin cannot demote or disable themselves, so there is always someone left to manage accounts.
        if (User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value == id.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && (role != AdminRole.Admin || disabled))
        {
            return await FailAsync("admin.users.not_yourself", ct);
        }

        try
        {
            await accounts.SetRoleAsync(id, role, disabled, ct);
        }
        catch (AccountException)
        {
            return NotFound();
        }

        await audit.WriteAsync(Actor, "user.role", "user", id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{AdminAuth.RoleName(role)}{(disabled ? ", disabled" : "")}", ct);
        Flash = ui.T("admin.saved");
        return RedirectToPage();
    }

    /// <summary>Sets whom an account serves (none: national); its sessions end, so the new scope applies at once.</summary>
    public async Task<IActionResult> OnPostInstitutionsAsync(long id, string? institutions, CancellationToken ct)
    {
        if (RequireAdmin() is { } denied)
        {
            return denied;
        }

        var served = ParseInstitutions(institutions);
        try
        {
            await accounts.SetInstitutionsAsync(id, served, ct);
        }
        catch (AccountException e) when (e.Message == AdminAccounts.NoSuchAccount)
        {
            return NotFound();
        }
        catch (AccountException)
        {
            return await FailAsync("admin.users.institutions_invalid", ct);
        }

        await audit.WriteAsync(Actor, "user.institutions", "user", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AccountAudit.Institutions(served), ct);
        Flash = ui.T("admin.saved");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCreateKeyAsync(string? name, string? institutions, CancellationToken ct)
    {
        if (RequireAdmin() is { } denied)
        {
            return denied;
        }

        try
        {
            var bound = ParseInstitutions(institutions);
            var created = await keys.CreateAsync(name ?? "", Actor, bound, ct);
            await audit.WriteAsync(Actor, "apikey.create", "apikey", created.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{name}, {(bound.Count == 0 ? "national" : string.Join(" ", bound))}", ct);
            // Shown in this response only; the database keeps its hash.
            NewKey = created.Key;
            await OnGetAsync(ct);
            return Page();
        }
        catch (AccountException)
        {
            return await FailAsync("admin.keys.invalid", ct);
        }
    }

    public async Task<IActionResult> OnPostRevokeKeyAsync(long id, CancellationToken ct)
    {
        if (RequireAdmin() is { } denied)
        {
            return denied;
        }

        if (await keys.RevokeAsync(id, Actor, ct))
        {
            await audit.WriteAsync(Actor, "apikey.revoke", "apikey", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, ct);
            Flash = ui.T("admin.keys.revoked_flash");
        }

        return RedirectToPage();
    }

    private async Task<IActionResult> FailAsync(string key, CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Error = ui.T(key);
        await OnGetAsync(ct);
        return Page();
    }
}
