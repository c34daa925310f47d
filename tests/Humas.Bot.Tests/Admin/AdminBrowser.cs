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

    /// <summary>Signs in through the form, finding each field by its visible label.</summary>
    public static async Task<IPage> SignInAsync(ChromiumFixture chromium, LiveServer server)
    {
        var page = await chromium.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("admin");
        Assert.EndsWith("/admin/masuk?ReturnUrl=%2Fadmin", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Alamat email").FillAsync(Editor);
        await page.GetByLabel("Kata sandi").FillAsync(AdminHarness.Password);
        await page.GetByLabel("Kata sandi").PressAsync("Enter");
        await page.WaitForURLAsync(url => url.EndsWith("/admin", StringComparison.Ordinal));
        return page;
    }
}
