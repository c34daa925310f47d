using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Channels.Telegram;

public sealed class TelegramOptionsTests
{
    [Fact]
    public void Webhook_mode_without_a_secret_names_the_key()
    {
        using var host = Build(new() { ["Telegram:Token"] = "123:abc", ["Telegram:Mode"] = "Webhook" }, out _);

        var e = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<TelegramOptions>>().Value);

        Assert.Contains(e.Failures, f => f.StartsWith("Telegram:WebhookSecret:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("ünïcode")]
    public void A_webhook_secret_outside_Telegrams_alphabet_is_refused(string secret)
    {
        using var host = Build(new() { ["Telegram:Token"] = "123:abc", ["Telegram:Mode"] = "Webhook", ["Telegram:WebhookSecret"] = secret }, out _);

        var e = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<TelegramOptions>>().Value);

        Assert.Contains(e.Failures, f => f.StartsWith("Telegram:WebhookSecret:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_malformed_token_is_refused_without_echoing_it()
    {
        using var host = Build(new() { ["Telegram:Token"] = "not/a token" }, out _);

        var e = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<TelegramOptions>>().Value);

        Assert.Contains(e.Failures, f => f.StartsWith("Telegram:Token:", StringComparison.Ordinal));
        Assert.DoesNotContain("not/a token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Webhook_mode_with_a_valid_secret_and_editors_chat_binds()
    {
        using var host = Build(new()
        {
            ["Telegram:Token"] = "123:abc",
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookSecret"] = "Abc_123-x",
            ["Telegram:EditorsChatId"] = "-1001234567890",
        }, out _);

        var options = host.Services.GetRequiredService<IOptions<TelegramOptions>>().Value;

        Assert.Equal(TelegramMode.Webhook, options.Mode);
        Assert.Equal(-1001234567890, options.EditorsChatId);
    }

    [Fact]
    public async Task An_empty_token_turns_Telegram_off_with_one_log_line()
    {
        using var host = Build(new(), out var logs);

        await host.StartAsync();
        await host.StopAsync();
        var api = host.Services.GetRequiredService<TelegramBotApi>();

        Assert.Single(logs.Collector.Lines(), l => l.Contains("Telegram is off: Telegram:Token is empty", StringComparison.Ordinal));
        // No TelegramBotClient is made: its options refuse an empty token.
        Assert.False(api.IsEnabled);
        Assert.Throws<InvalidOperationException>(() => api.Client);
    }

    [Theory]
    [InlineData("https://api.telegram.org/prefix")]
    [InlineData("http://127.0.0.1:8081/bot")]
    public void An_api_base_url_with_a_path_is_refused_rather_than_dropped(string url)
    {
        using var host = Build(new() { ["Telegram:Token"] = "123:abc", ["Telegram:ApiBaseUrl"] = url }, out _);

        var e = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<TelegramOptions>>().Value);

        Assert.Contains(e.Failures, f => f.StartsWith("Telegram:ApiBaseUrl:", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_institutions_with_the_same_bot_token_are_a_start_up_error_naming_both_keys()
    {
        using var host = Build(new()
        {
            ["Telegram:Token"] = "123:national",
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:Telegram:Token"] = "456:shared",
            ["Institutions:1:Id"] = "setneg",
            ["Institutions:1:Telegram:Token"] = "456:shared",
            ["Institutions:2:Id"] = "kominfo",
            ["Institutions:2:Telegram:Token"] = "123:national",
        }, out _);

        var e = Assert.Throws<OptionsValidationException>(() => Bots(host));

        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:1:Telegram:Token: is the same bot token as Institutions:0:Telegram:Token", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:2:Telegram:Token: is the same bot token as Telegram:Token", StringComparison.Ordinal));
        Assert.DoesNotContain(e.Failures, f => f.Contains("456:shared", StringComparison.Ordinal) || f.Contains("123:national", StringComparison.Ordinal));
    }

    [Fact]
    public void An_institutions_bot_needs_a_well_formed_token_its_id_and_in_webhook_mode_its_secret()
    {
        using var host = Build(new()
        {
            ["Telegram:Token"] = "123:national",
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookSecret"] = "national",
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:Telegram:Token"] = "not a token",
            ["Institutions:1:Telegram:Token"] = "789:nameless",
            ["Institutions:1:Telegram:WebhookSecret"] = "ok",
        }, out _);

        var e = Assert.Throws<OptionsValidationException>(() => Bots(host));

        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:0:Telegram:Token: must look like", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:0:Telegram:WebhookSecret: is required", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Institutions:1:Telegram:Token: needs the institution's Id", StringComparison.Ordinal));
    }

    [Fact]
    public void An_institutions_bot_runs_without_the_national_bot()
    {
        // Unlike a WhatsApp number or a Teams app, a bot lends nothing from the national section.
        using var host = Build(new()
        {
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:Telegram:Token"] = "456:kemensos",
        }, out _);

        Bots(host);

        Assert.Equal(["kemensos"], host.Services.GetRequiredService<TelegramBots>().Enabled.Select(b => b.Account));
    }

    [Fact]
    public void Each_institutions_bot_is_its_own_client_and_sender()
    {
        using var host = Build(new()
        {
            ["Telegram:Token"] = "123:national",
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:Telegram:Token"] = "456:kemensos",
            ["Institutions:1:Id"] = "setneg",
        }, out _);

        var bots = host.Services.GetRequiredService<TelegramBots>();
        // The formatter is not asked here (and needs texts this host has not).
        var channel = new TelegramDeliveryChannel(bots, Options.Create(new TelegramOptions()), null!, new Humas.Bot.Channels.Telegram.Updates.TelegramWebhookReplies(), Microsoft.Extensions.Logging.Abstractions.NullLogger<TelegramDeliveryChannel>.Instance);

        Assert.Equal(["", "kemensos"], bots.Enabled.Select(b => b.Account));
        Assert.Same(host.Services.GetRequiredService<TelegramBotApi>(), bots.Shared.Api);
        Assert.Null(bots.Find("setneg"));
        Assert.Equal("/api/telegram/webhook/kemensos", bots.Find("kemensos")!.WebhookPath);
        var reader = new Humas.Bot.Subscriptions.ConversationAddress("telegram", "42", Humas.Bot.Subscriptions.ConversationKind.Private);
        Assert.Equal("", channel.SenderOf(reader));
        Assert.Equal("kemensos", channel.SenderOf(reader with { Account = "kemensos" }));
        Assert.Throws<TelegramBotUnknownException>(() => bots.ApiFor(reader with { Account = "setneg" }));
        Assert.Equal("telegram:kemensos", TelegramHttpHandler.PlatformOf("kemensos"));
        Assert.Equal("telegram", TelegramHttpHandler.PlatformOf(""));
    }

    private static object Bots(IHost host) =>
        host.Services.GetRequiredService<IOptions<Humas.Bot.Institutions.InstitutionChannelOptions<TelegramInstitutionSettings>>>().Value;

    private static IHost Build(Dictionary<string, string?> settings, out FakeLoggerProvider logs)
    {
        logs = new FakeLoggerProvider();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.AddTelegram();
        return builder.Build();
    }
}
