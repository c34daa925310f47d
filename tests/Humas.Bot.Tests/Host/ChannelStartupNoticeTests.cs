using Humas.Bot.Channels.Teams;
using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.WhatsApp;
using Humas.Bot.Host;
using Humas.Bot.Tests.Channels.Loopback;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Host;

/// <summary>One start-up notice for every channel: on with the facts an operator checks, off with the empty setting; never a secret.</summary>
public sealed class ChannelStartupNoticeTests
{
    [Fact]
    public async Task Each_channel_says_once_that_it_is_off_and_which_setting_is_empty()
    {
        Assert.Equal("Teams is off: Teams:AppId is empty, POST /api/messages answers 404", await LineAsync(new TeamsOptions()));
        Assert.Equal("WhatsApp is off: WhatsApp:PhoneNumberId is empty, /api/whatsapp/webhook answers 404", await LineAsync(new WhatsAppOptions()));
        Assert.Equal("Telegram is off: Telegram:Token is empty, POST /api/telegram/webhook answers 404", await LineAsync(new TelegramOptions()));
    }

    [Fact]
    public async Task Each_channel_on_names_its_facts_and_never_a_secret()
    {
        var teams = await LineAsync(new TeamsOptions { AppId = "app-1", AppPassword = "teams-secret", TenantId = "tenant-1" });
        var whatsApp = await LineAsync(new WhatsAppOptions { PhoneNumberId = "1055", AccessToken = "wa-token", AppSecret = "wa-secret", VerifyToken = "wa-verify" });
        var telegram = await LineAsync(new TelegramOptions { Token = "123:telegram-token", Mode = TelegramMode.Webhook, WebhookSecret = "hook-secret" });

        Assert.StartsWith("Teams is on: app app-1, tokens from https://login.microsoftonline.com/tenant-1", teams, StringComparison.Ordinal);
        Assert.StartsWith("WhatsApp is on: number 1055, Graph API", whatsApp, StringComparison.Ordinal);
        Assert.Contains("article template (none", whatsApp, StringComparison.Ordinal);
        Assert.Equal("Telegram is on: Webhook mode, Bot API at https://api.telegram.org", telegram);
        foreach (var secret in new[] { "teams-secret", "wa-token", "wa-secret", "wa-verify", "telegram-token", "hook-secret" })
        {
            Assert.DoesNotContain(secret, teams + whatsApp + telegram, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_channel_outside_the_service_gets_the_same_notice_from_its_options()
    {
        Assert.Equal("Loopback is on: 100 sends/s, in memory", await LineAsync(new LoopbackOptions()));
    }

    private static async Task<string> LineAsync<TOptions>(TOptions options)
        where TOptions : class, IChannelStartupFacts
    {
        var log = new FakeLogger<ChannelStartupNotice<TOptions>>();
        var notice = new ChannelStartupNotice<TOptions>(Options.Create(options), log);

        await notice.StartAsync(CancellationToken.None);

        return Assert.Single(log.Collector.GetSnapshot()).Message;
    }
}
