using Humas.Bot.Storage.Audit;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Admin.Pages.Channels;

/// <summary>
/// Channels and groups the bot was added to (a ministry's Telegram channel, a discussion group, a Teams channel):
/// their state, what they follow, and for editors a form to connect them to institutions or disconnect them.
/// </summary>
public sealed class IndexModel(ChatConnections connections, DashboardQueries queries, AuditLog audit, AdminUi ui) : AdminPage
{
    public IReadOnlyList<ChatConnection> Places { get; private set; } = [];
    public IReadOnlyList<Institution> Institutions { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostConnectAsync(long id, string? institution, CancellationToken ct)
    {
        if (RequireEditor() is { } denied)
        {
            return denied;
        }

        ChatConnection connected;
        try
        {
            connected = await connections.ConnectAsync(id, [institution ?? ""], ct);
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
        catch (ArgumentException)
        {
            Error = ui.T("admin.channels.unknown_institution");
            await LoadAsync(ct);
            return Page();
        }

        await audit.WriteAsync(Actor, "channel.connect", "conversation", connected.ExternalId, $"{connected.Channel}: {institution}", ct);
        Flash = ui.T("admin.channels.connected", connected.Title ?? connected.ExternalId, institution);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisconnectAsync(long id, string? institution, CancellationToken ct)
    {
        if (RequireEditor() is { } denied)
        {
            return denied;
        }

        var place = await connections.FindAsync(id, ct);
        if (place is null)
        {
            return NotFound();
        }

        await connections.DisconnectAsync(id, string.IsNullOrEmpty(institution) ? null : institution, ct);
        await audit.WriteAsync(Actor, "channel.disconnect", "conversation", place.ExternalId, $"{place.Channel}: {institution ?? "all"}", ct);
        Flash = ui.T("admin.channels.disconnected", place.Title ?? place.ExternalId);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Places = await connections.ListAsync(null, ct);
        Institutions = await queries.InstitutionsAsync(ct);
    }
}
