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
    /// showed: a loaded clean-clone CI once timed out here with nothing to go on. With that report, later ones showed the
    /// page at /admin, the network idle, and the wait still on: it waited for the page's load event, which never came
    /// within 60 s, though nothing was loading. Waiting for the address with <c>WaitForURLAsync</c> does not avoid that:
    /// when the address already matches as it is called, it waits for the load state, and "commit" is not one, so it
    /// waits for "load". What the tests need is the dashboard's document, so the wait polls the address and then waits
    /// for the dashboard's own content (<see cref="DashboardAtAsync"/>).
    /// </summary>
    public static async Task<IPage> SignInAsync(ChromiumFixture chromium, LiveServer server) =>
        await SignInAsync(await chromium.NewPageAsync(server.BaseAddress));

    /// <summary>Signs in on <paramref name="page"/> (made with the server's base address), as <see cref="SignInAsync(ChromiumFixture, LiveServer)"/>.</summary>
    public static async Task<IPage> SignInAsync(IPage page)
    {
        await page.GotoAsync("admin");
        Assert.EndsWith("/admin/masuk?ReturnUrl=%2Fadmin", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Alamat email").FillAsync(Editor);
        await page.GetByLabel("Kata sandi").FillAsync(AdminHarness.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();
        try
        {
            await DashboardAtAsync(page, "/admin");
        }
        // A wait times out (TimeoutException); the address assertion fails with PlaywrightException.
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            var shown = await page.Locator("#signin-error").AllInnerTextsAsync();
            var email = await page.Locator("#email").CountAsync() > 0 ? await page.Locator("#email").InputValueAsync() : "(no field)";
            throw new TimeoutException(
                $"Signing in did not reach /admin: the page is at {page.Url}, shows the error '{string.Join(" ", shown)}', email field '{email}'.", e);
        }

        return page;
    }

    /// <summary>Waits until the page is at <paramref name="path"/> (polled, not the load event: see <see cref="SignInAsync"/>) and shows its heading.</summary>
    public static async Task DashboardAtAsync(IPage page, string path)
    {
        await Assertions.Expect(page).ToHaveURLAsync(
            new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(path) + "$"), new() { Timeout = 60_000 });
        await page.Locator("#main h1").WaitForAsync();
    }
}
