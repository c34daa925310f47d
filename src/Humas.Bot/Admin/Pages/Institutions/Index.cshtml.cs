using Humas.Bot.Admin.Accounts;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Admin.Scoping;
using Humas.Bot.Institutions;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Admin.Pages.Institutions;

/// <summary>
/// The institutions (tenants), for national admins only: a paged, searchable list; add; rename and set hosts; set
/// each one's editors' chats on every channel (<see cref="IInstitutionChatFields"/>); disable and enable. Every change
/// goes through <see cref="InstitutionEditor"/> (which makes the row the dashboard's) and is audited. Anyone else gets
/// 403, as for the Users page: an institution's own admin may not redirect its tips either (an editors' chat is where
/// tips with contributors' contacts go, and where presses decide them), so the national coordinator sets it.
/// </summary>
public sealed class IndexModel(
    InstitutionDirectory directory, InstitutionEditor editor, IEnumerable<IInstitutionChatFields> chatFields, AdminAccounts accounts, AuditLog audit, AdminUi ui)
    : AdminPage
{
    public const int PageSize = 50;

    public InstitutionPage Institutions { get; private set; } = new([], 0, PageSize, 0);
    public ILookup<string, string> Hosts { get; private set; } = Array.Empty<string>().ToLookup(h => h, StringComparer.Ordinal);
    /// <summary>The dashboard accounts serving each listed institution (read-only here; managed on the Users page).</summary>
    public ILookup<string, AdminUser> Accounts { get; private set; } = Array.Empty<AdminUser>().ToLookup(u => "", StringComparer.Ordinal);
    /// <summary>The stored editors' chat settings of each listed institution (an empty value: cleared on the dashboard).</summary>
    public ILookup<string, InstitutionChatSetting> Chats { get; private set; } = Array.Empty<InstitutionChatSetting>().ToLookup(s => s.InstitutionId, StringComparer.Ordinal);
    /// <summary>The channels whose editors' chats the page sets, in registration order.</summary>
    public IReadOnlyList<IInstitutionChatFields> ChatChannels { get; } = chatFields.ToList();
    public string? Q { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q, int page, CancellationToken ct)
    {
        if (RequireNationalAdmin() is { } denied)
        {
            return denied;
        }

        await LoadAsync(q, page, ct);
        return Page();
    }

    public Task<IActionResult> OnPostAddAsync(string? id, string? name, string? hosts, CancellationToken ct) =>
        ChangeAsync(id, "institution.add", $"{name} [{hosts}]", async () =>
        {
            await editor.AddAsync(id ?? "", name ?? "", SplitHosts(hosts), Actor, ct);
            return ui.T("admin.institutions.added", id?.Trim());
        }, ct);

    public Task<IActionResult> OnPostUpdateAsync(string? id, string? name, string? hosts, CancellationToken ct) =>
        ChangeAsync(id, "institution.update", $"{name} [{hosts}]", async () =>
            await editor.UpdateAsync(id ?? "", name ?? "", SplitHosts(hosts), Actor, ct) ? ui.T("admin.institutions.updated", id) : null, ct);

    public Task<IActionResult> OnPostDisableAsync(string? id, bool disabled, CancellationToken ct) =>
        ChangeAsync(id, disabled ? "institution.disable" : "institution.enable", null, async () =>
            await editor.SetDisabledAsync(id ?? "", disabled, Actor, ct)
                ? ui.T(disabled ? "admin.institutions.disabled_now" : "admin.institutions.enabled_now", id)
                : null, ct);

    /// <summary>
    /// Sets the institution's editors' chats on every channel, from the fields named "{channel}.{field}"
    /// ("telegram.EditorsChatId"); an empty field clears it, so the channel's national editors' chat serves it.
    /// </summary>
    public Task<IActionResult> OnPostChatsAsync(string? id, CancellationToken ct)
    {
        var values = ChatChannels.ToDictionary(
            c => c.Channel,
            c => (IReadOnlyDictionary<string, string?>)c.Fields.ToDictionary(f => f.Name, f => (string?)Request.Form[FieldName(c, f)].ToString(), StringComparer.Ordinal),
            StringComparer.Ordinal);
        var detail = string.Join(", ", values.SelectMany(c => c.Value.Where(f => !string.IsNullOrWhiteSpace(f.Value)).Select(f => $"{c.Key}.{f.Key}={f.Value!.Trim()}")));
        return ChangeAsync(id, "institution.chats", detail, async () =>
            await editor.SetChatsAsync(id ?? "", values, Actor, ct) ? ui.T("admin.institutions.chats.saved", id) : null, ct);
    }

    /// <summary>The form field of a channel's editors' chat field: "telegram.EditorsChatId".</summary>
    public static string FieldName(IInstitutionChatFields channel, InstitutionChatField field) => channel.Channel + "." + field.Name;

    /// <summary>What is stored for the field ("" when none, or cleared).</summary>
    public string StoredChat(string institutionId, string channel, string name) =>
        Chats[institutionId].FirstOrDefault(s => s.Channel == channel && s.Name == name)?.Value ?? "";

    /// <summary>"Telegram, WhatsApp": the channels where the institution has a chat of its own; empty when none.</summary>
    public string OwnChats(string institutionId) =>
        string.Join(", ", ChatChannels.Where(c => Chats[institutionId].Any(s => s.Channel == c.Channel && s.Value.Length > 0)).Select(c => c.Title));

    /// <summary>
    /// Hands a dashboard-edited institution back to configuration: its name, hosts and state are configuration's again
    /// from now on (and at every start). Only for an institution configuration has.
    /// </summary>
    public Task<IActionResult> OnPostReturnAsync(string? id, CancellationToken ct) =>
        ChangeAsync(id, "institution.return", null, async () =>
            await editor.ReturnToConfigurationAsync(id?.Trim() ?? "", Actor, ct) ? ui.T("admin.institutions.returned", id?.Trim()) : null, ct);

    /// <summary>True for a dashboard-edited institution that configuration also has, which may be handed back to it.</summary>
    public bool CanReturn(InstitutionEntry institution) => _dashboardManaged.Contains(institution.Id) && editor.IsConfigured(institution.Id);

    private IReadOnlySet<string> _dashboardManaged = new HashSet<string>();

    /// <summary>Host names separated by commas, spaces or lines, as typed in the form.</summary>
    public static IReadOnlyList<string> SplitHosts(string? hosts) =>
        (hosts ?? "").Split([',', ' ', '\n', '\r', '\t', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <param name="change">Returns the flash text, or null when there is no such institution (404).</param>
    private async Task<IActionResult> ChangeAsync(string? id, string action, string? detail, Func<Task<string?>> change, CancellationToken ct)
    {
        if (RequireNationalAdmin() is { } denied)
        {
            return denied;
        }

        string? done;
        try
        {
            done = await change();
        }
        catch (InstitutionException e)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Error = ui.T(e.Reason, e.Detail);
            await LoadAsync(null, 0, ct);
            return Page();
        }

        if (done is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(Actor, action, "institution", id?.Trim() ?? "", detail, ct);
        Flash = done;
        return RedirectToPage(new { q = Request.Query["q"].ToString() is { Length: > 0 } q ? q : null });
    }

    /// <summary>Institutions are the national coordinator's: an institution's own admin may not add or rename them.</summary>
    private IActionResult? RequireNationalAdmin() =>
        RequireAdmin() ?? (DashboardScope.From(User).IsNational ? null : Forbid(AdminAuth.Scheme));

    private async Task LoadAsync(string? q, int page, CancellationToken ct)
    {
        Q = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        Institutions = await directory.PageAsync(Q, page, PageSize, includeDisabled: true, ct);
        Hosts = await directory.HostsOfAsync(Institutions.Items.Select(i => i.Id).ToList(), ct);
        Accounts = await accounts.ServingAsync(Institutions.Items.Select(i => i.Id).ToList(), ct);
        Chats = await directory.ChatsOfAsync(Institutions.Items.Select(i => i.Id).ToList(), ct);
        _dashboardManaged = await directory.DashboardManagedAsync(Institutions.Items.Select(i => i.Id).ToList(), ct);
    }
}
