using Microsoft.Playwright;

namespace Humas.Bot.Tests.Support.Browser;

/// <summary>
/// Full-page screenshots kept as test artifacts in artifacts/screenshots at the repository root (next to the
/// TRX results), so a failing browser test can be looked at afterwards.
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = FindDirectory();

    /// <param name="fullPage">False: only what the window shows, where it is scrolled to.</param>
    public static async Task<string> SaveAsync(IPage page, string name, bool fullPage = true)
    {
        var path = Path.Combine(Directory, string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-')) + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    private static string FindDirectory()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Humas.Bot.sln")))
        {
            root = root.Parent;
        }

        var directory = Path.Combine(root?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}
