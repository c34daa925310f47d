using Humas.Bot.Admin.Accounts;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tests.Support.Browser;
using Microsoft.Playwright;

namespace Humas.Bot.Tests.Admin;

/// <summary>An editor's way into the dashboard in the browser, for every browser test that needs one.</summary>
public static class AdminBrowser
{
    public const string Editor = "redaktur@kominfo.go.id";

    public static Task AddEditorAsync(LiveServer server) =>
        server.Services.GetRequiredService<AdminAccounts>().AddAsync(Editor, AdminRole.Editor, AdminHarness.Password, default);

    /// <summary>
    /// Signs in through the form, finding each field by its visible label and pressing the button (a click waits for
    /// the button to take it). When the dashboard does not come, the failure says where the page stayed and what it
    /// showed: a loaded clean-clone CI once timed out here with nothing to go on. With that report, a later one showed the
    /// page at /admin, the network idle, and the wait still on: it waited for the page's load event, which never came
    /// within 60 s, though nothing was loading. The cause is not known; what the tests need is the dashboard's
    /// document, so the wait is for the address to change and the dashboard's own content to be there.
    /// </summary>
    public static async Task<IPage> SignInAsync(ChromiumFixture chromium, LiveServer server)
    {
        var page = await chromium.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("admin");
        Assert.EndsWith("/admin/masuk?ReturnUrl=%2Fadmin", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Alamat email").FillAsync(Editor);
        await page.GetByLabel("Kata sandi").FillAsync(AdminHarness.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => url.EndsWith("/admin", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
            await page.Locator("#main h1").WaitForAsync();
        }
        catch (TimeoutException e)
        {
            var shown = await page.Locator("#signin-error").AllInnerTextsAsync();
            var email = await page.Locator("#email").CountAsync() > 0 ? await page.Locator("#email").InputValueAsync() : "(no field)";
            throw new TimeoutException(
                $"Signing in did not reach /admin: the page is at {page.Url}, shows the error '{string.Join(" ", shown)}', email field '{email}'.", e);
        }

        return page;
    }
}
