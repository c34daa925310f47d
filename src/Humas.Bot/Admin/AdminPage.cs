using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Humas.Bot.Admin;

/// <summary>
/// Base of every dashboard page: the signed-in editor and role checks for handlers (Razor Pages cannot put a
/// policy on one handler, so acting handlers call <see cref="RequireEditor"/> or <see cref="RequireAdmin"/>).
/// </summary>
public abstract class AdminPage : PageModel
{
    public string Actor => User.Email();

    /// <summary>A one-line result of the last action, shown once on the next page.</summary>
    [TempData]
    public string? Flash { get; set; }

    protected IActionResult? RequireEditor() => User.CanEdit() ? null : Forbid(AdminAuth.Scheme);

    protected IActionResult? RequireAdmin() => User.IsAdmin() ? null : Forbid(AdminAuth.Scheme);
}
