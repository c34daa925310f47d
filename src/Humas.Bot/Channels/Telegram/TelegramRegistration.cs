using Humas.Bot.Alerts;
using Humas.Bot.Channels.Telegram.Alerts;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Channels.Telegram.Cli;
using Humas.Bot.Channels.Telegram.Reactions;
using Humas.Bot.Channels.Telegram.Tips;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Cli;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Conversations.Inbox;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Feedback;
using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Attachments;
using Humas.Bot.Tips.Queue;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram;

public static class TelegramRegistration
{
    public const string HttpClientName = "telegram";

    /// <summary>Telegram options, the Bot API client and the delivery channel. With an empty token nothing calls Telegram; a log line says so.</summary>
    public static IHostApplicationBuilder AddTelegram(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions(TelegramOptions.Section, new TelegramOptionsValidator());

        // A timeout per request (getUpdates may be held for its long-poll time) and redacted logging.
        services.AddPlatformHttpClient(HttpClientName)
            // IHttpClientFactory's own loggers print the request URL, and the token is in that URL;
            // TelegramHttpHandler logs each call itself, redacted.
            .RemoveAllLoggers()
            .AddHttpMessageHandler(sp => new TelegramHttpHandler(
                TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<TelegramOptions>>().Value.RequestTimeoutSeconds),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<TelegramBotApi>(),
                // Null in a host without Alerts (the client tests wire AddTelegram alone): nothing to tell then.
                sp.GetService<ICredentialsMonitor>()));
        services.AddTelegramTraceRedaction(); // the same for the URL an exported HttpClient span records
        services.AddSingleton<TelegramBotApi>();
        services.AddChannelStartupNotice<TelegramOptions>();

        // Every bot: the national one above and each institution's own (Institutions:N:Telegram:Token), checked
        // at start by the per-entry generated validator and, across entries, by TelegramBotsValidator.
        services.AddInstitutionChannelOptions("Telegram", new TelegramInstitutionSettingsValidator());
        services.AddSingleton<IValidateOptions<InstitutionChannelOptions<TelegramInstitutionSettings>>, TelegramBotsValidator>();
        services.AddSingleton<TelegramBots>();
        services.AddSingleton<TelegramWebhookReplies>();

        // Always registered; with an empty token the channel reports itself disabled and the registry leaves it out.
        services.AddSingleton<TelegramMessageFormatter>();
        services.AddSingleton<TelegramDeliveryChannel>();
        services.AddSingleton<IDeliveryChannel>(sp => sp.GetRequiredService<TelegramDeliveryChannel>());

        // Tips: the editors' chat (Telegram:EditorsChatId) that receives new tips and answers; attachments
        // fetched with getFile. Registered always but inert while the token is empty (checked when used):
        // configuration added after this point, as the test host's is, would otherwise leave Telegram tips
        // without an editors' chat or fetcher.
        services.AddSingleton<TelegramEditorsChats>();
        services.AddSingleton<IInstitutionEditorsChats>(sp => sp.GetRequiredService<TelegramEditorsChats>());
        // Each institution's own editors' chat here: seeded from configuration, shown and set on the dashboard.
        services.AddSingleton<IInstitutionChatFields, TelegramChatFields>();
        services.AddSingleton<IChatMoveWatcher, TelegramConfiguredChatMoves>();

        // Alerts: the editors' group and the operators' chat (Alerts:Telegram:ChatId).
        services.AddBoundOptions<TelegramAlertOptions>(TelegramAlertOptions.Section);
        services.AddSingleton<IAlertDelivery, TelegramAlertDelivery>();
        services.AddSingleton<ITipAttachmentFetcher, TelegramTipAttachmentFetcher>();

        // Telegram's own emoji reactions under delivered articles, for the article's report.
        services.AddSingleton<IPlatformReactionSource, TelegramReactionSource>();

        // `telegram channels list|connect|disconnect`.
        services.AddSingleton<ICliCommand, TelegramCommand>();

        return builder;
    }

    /// <summary>
    /// Inbound: polling or the webhook feed one durable inbox, one worker handles it. Needs Storage and
    /// Subscriptions. The hosted services return at once when the token is empty, and the webhook then
    /// answers 404, so Telegram off costs nothing. Call <c>MapTelegramWebhook</c> on the app as well.
    /// </summary>
    public static IHostApplicationBuilder AddTelegramInbound(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddChatCommands();
        services.AddSingleton(sp => sp.GetRequiredService<TelegramBots>().Shared.Identity);
        services.AddScoped<TelegramMembership>();
        services.AddSingleton<TelegramReactionCounter>();
        services.AddDurableInbox<TelegramInboxItem, TelegramInbox, TelegramUpdateHandler>();
        services.AddHostedService<TelegramUpdateReceiver>();
        return builder;
    }
}
