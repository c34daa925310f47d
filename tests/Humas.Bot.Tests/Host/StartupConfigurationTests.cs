using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Host;

/// <summary>A bad setting stops the service at start with one line that names the key, and exit code 2.</summary>
public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("Sources__0__Url", "ftp://setneg.go.id/rss", "Sources:0:Url")]
    [InlineData("Sources__0__Kind", "Atom", "Sources:0:Kind")]
    [InlineData("Sources__0__PollSeconds", "1", "Sources:0:PollSeconds")]
    // Not a number: the framework binder would have dropped the source without a word.
    [InlineData("Sources__0__PollSeconds", "often", "Sources:0:PollSeconds")]
    [InlineData("Database__Provider", "Postgres", "ConnectionStrings:Humas")]
    [InlineData("Ingestion__MaxBytes", "12", "Ingestion:MaxBytes")]
    [InlineData("Telegram__Mode", "Webhook", "Telegram:WebhookSecret")]
    // Keys of an older release that moved to the channel's own section: named with where they went, not ignored.
    [InlineData("Delivery__Telegram__BotPerSecond", "10", "Delivery:Telegram:BotPerSecond: moved to Telegram:BotPerSecond")]
    [InlineData("Delivery__Teams__TenantPerSecond", "10", "Delivery:Teams:TenantPerSecond: moved to Teams:TenantPerSecond")]
    public async Task A_bad_setting_stops_the_service_with_one_line_naming_the_key(string variable, string value, string key)
    {
        using var folder = new TestDatabase(migrate: false);
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Humas"] = variable == "Database__Provider" ? "" : folder.ConnectionString,
            [variable] = value,
            // Telegram on, so its services (which read their options when built) are part of the start.
            ["Telegram__Token"] = "123456:test-token",
            ["Telegram__ApiBaseUrl"] = "http://127.0.0.1:9",
        };
        if (variable.StartsWith("Sources__0__", StringComparison.Ordinal))
        {
            // One otherwise valid source, so the bad key is the only failure.
            environment.TryAdd("Sources__0__Id", "setneg-rss");
            environment.TryAdd("Sources__0__Institution", "setneg");
            environment.TryAdd("Sources__0__Url", "https://setneg.go.id/rss");
        }

        var (code, _, stderr) = await ServiceProcess.RunAsync(["--urls", "http://127.0.0.1:0"], environment, folder.Folder);

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains(key, line, StringComparison.Ordinal);
    }
}
