using Humas.Bot.Admin.Tips;
using Humas.Bot.Tips.Queue;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Admin.Pages.Tips;

public sealed class DetailModel(TipDesk desk, DashboardQueries queries, AdminUi ui) : AdminPage
{
    public TipDetail? Detail { get; private set; }
    public IReadOnlyList<string> Editors { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Detail = await desk.GetAsync(id, ct);
        if (Detail is null)
        {
            return NotFound();
        }

        Editors = await queries.EditorsAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostAcceptAsync(long id, string? note, CancellationToken ct) =>
        ActAsync(id, "accepted", () => desk.AcceptAsync(id, Actor, note, ct));

    public Task<IActionResult> OnPostDeclineAsync(long id, string? note, CancellationToken ct) =>
        ActAsync(id, "declined", () => desk.DeclineAsync(id, Actor, note, ct));

    public Task<IActionResult> OnPostReplyAsync(long id, string? message, CancellationToken ct) =>
        ActAsync(id, "replied", () => desk.ReplyAsync(id, Actor, message ?? "", ct));

    public Task<IActionResult> OnPostPublishAsync(long id, string? article, CancellationToken ct) =>
        ActAsync(id, "published", () => desk.PublishAsync(id, article, Actor, ct));

    public Task<IActionResult> OnPostAssignAsync(long id, string? assignee, CancellationToken ct) =>
        ActAsync(id, "assigned", () => desk.AssignAsync(id, assignee, Actor, ct));

    private async Task<IActionResult> ActAsync(long id, string done, Func<Task<TipActionResult>> action)
    {
        if (RequireEditor() is { } denied)
        {
            return denied;
        }

        var result = await action();
        if (result == TipActionResult.NotFound)
        {
            return NotFound();
        }

        if (result == TipActionResult.Invalid)
        {
            // Re-show the page with the reason, as a 400, rather than losing what the editor typed to a redirect.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Error = ui.T(done == "published" ? "admin.tips.publish_invalid" : "admin.tips.invalid");
            return await OnGetAsync(id, HttpContext.RequestAborted);
        }

        // A decision is told in the same words as in the editors' chats; replies and assignments in the dashboard's own.
        var told = done is "accepted" or "declined" ? "tips.decided." + done : "admin.tips.done." + done;
        Flash = result == TipActionResult.Done ? ui.T(told) : ui.T(done == "published" ? "admin.tips.already_published" : "admin.tips.already_decided");
        return RedirectToPage(new { id });
    }
}
