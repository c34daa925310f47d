using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Admin.Pages;

public sealed class SignOutModel : AdminPage
{
    public IActionResult OnGet() => Redirect("/admin");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AdminAuth.Scheme);
        return Redirect(AdminAuth.SignInPath);
    }
}
