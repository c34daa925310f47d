namespace Humas.Bot.Admin.Pages;

public sealed class DeniedModel : AdminPage
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
