using Humas.Bot.Tests.Support;
using Humas.Bot.Tests.Support.Browser;

namespace Humas.Bot.Tests.Host;

/// <summary>Proves the browser tests' footing: Debian Chromium reaches the real host over a real socket.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserSmokeTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Chromium_reads_the_health_endpoint_of_a_live_host()
    {
        using var server = new LiveServer();
        var page = await chromium.NewPageAsync(server.BaseAddress);

        var response = await page.GotoAsync("healthz");

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Contains("\"status\"", await page.InnerTextAsync("body"));
        Assert.True(File.Exists(await Screenshots.SaveAsync(page, "smoke-healthz")));
    }
}
