using System.Globalization;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Admin.Demo;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Humas.Bot.Admin.Pages;

public sealed class SignInModel(AdminAccounts accounts, SignInThrottle throttle, DemoData demo, AdminUi ui) : AdminPage
{
    public string? Error { get; private set; }

    public string? Email { get; private set; }

    public string? ReturnUrl { get; private set; }

    public bool Demo { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturn(returnUrl));
        }

        ReturnUrl = returnUrl;
        Demo = await demo.IsDemoAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl, CancellationToken ct)
    {
        Email = email = (email ?? "").Trim();
        ReturnUrl = returnUrl;
        Demo = await demo.IsDemoAsync(ct);
        var ip = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.RetryAfter(ip, email) is { } wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            Error = ui.T("admin.signin.throttled", (int)Math.Ceiling(wait.TotalMinutes));
            return Page();
        }

        var user = email.Length == 0 || string.IsNullOrEmpty(password) ? null : await accounts.VerifyAsync(email, password, ct);
        if (user is null)
        {
            throttle.Failed(ip, email);
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Error = ui.T("admin.signin.failed");
            return Page();
        }

        throttle.Succeeded(email);
        await HttpContext.SignInAsync(AdminAuth.Scheme, AdminAuth.Principal(user, await accounts.InstitutionsOfAsync(user.Id, HttpContext.RequestAborted)));
        return LocalRedirect(SafeReturn(returnUrl));
    }

    private static string SafeReturn(string? url) =>
        url is { Length: > 0 } && url.StartsWith("/admin", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal) ? url : "/admin";
}
