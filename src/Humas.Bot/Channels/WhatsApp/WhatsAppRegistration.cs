using Humas.Bot.Alerts;
using Humas.Bot.Channels.WhatsApp.Alerts;
using Humas.Bot.Channels.WhatsApp.CloudApi;
using Humas.Bot.Channels.WhatsApp.Limits;
using Humas.Bot.Channels.WhatsApp.Tips;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Conversations.Inbox;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Attachments;
using Humas.Bot.Tips.Queue;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp;

public static class WhatsAppRegistration
{
    public const string HttpClientName = "whatsapp";

    /// <summary>
    /// WhatsApp through the Cloud API: options, the Graph client, the delivery channel, the signed webhook's
    /// inbox and its worker, tips. Registered always; with an empty WhatsApp:PhoneNumberId the channel reports
    /// itself disabled and the webhook answers 404. Call <see cref="WhatsAppWebhookEndpoint.MapWhatsAppWebhook"/> on the app.
    /// </summary>
    public static IHostApplicationBuilder AddWhatsApp(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions(WhatsAppOptions.Section, new WhatsAppOptionsValidator());
        // Graph's host is configured, never taken from a message; the media URL it answers is Meta's CDN.
        services.AddPlatformHttpClient(HttpClientName);
        services.AddChannelStartupNotice<WhatsAppOptions>();

        // Every number: the national one and each institution's own (Institutions:N:WhatsApp:PhoneNumberId), checked at
        // start by the per-entry generated validator and, across entries, by WhatsAppNumbersValidator.
        services.AddInstitutionChannelOptions("WhatsApp", new WhatsAppInstitutionSettingsValidator());
        services.AddSingleton<IValidateOptions<InstitutionChannelOptions<WhatsAppInstitutionSettings>>, WhatsAppNumbersValidator>();
        services.AddSingleton<WhatsAppNumbers>();
        services.AddHostedService<WhatsAppNumbersNotice>();
        services.AddSingleton<WhatsAppUnknownNumbers>();
        services.AddSingleton<WhatsAppCloudApi>();
        services.AddSingleton<WhatsAppMessageFormatter>();
        services.AddSingleton<WhatsAppDeliveryChannel>();
        services.AddSingleton<IDeliveryChannel>(sp => sp.GetRequiredService<WhatsAppDeliveryChannel>());
        services.AddSingleton<WhatsAppMessagingTier>();
        services.AddSingleton<WhatsAppTokenHealth>();
        services.AddHealthChecks().AddCheck<WhatsAppHealthCheck>("whatsapp");

        services.AddSingleton<WhatsAppEditorsChats>();
        services.AddSingleton<IInstitutionEditorsChats>(sp => sp.GetRequiredService<WhatsAppEditorsChats>());
        // Each institution's own editors' chat here: seeded from configuration, shown and set on the dashboard.
        services.AddSingleton<IInstitutionChatFields, WhatsAppChatFields>();

        // Alerts: the editors' number and the operators' number (Alerts:WhatsApp:Number).
        services.AddBoundOptions<WhatsAppAlertOptions>(WhatsAppAlertOptions.Section);
        services.AddSingleton<IAlertDelivery, WhatsAppAlertDelivery>();
        services.AddSingleton<ITipAttachmentFetcher, WhatsAppTipAttachmentFetcher>();

        services.AddChatCommands();
        services.AddScoped<WhatsAppMessageHandler>();
        services.AddScoped<WhatsAppStatusHandler>();
        services.AddDurableInbox<WhatsAppInboxItem, WhatsAppInbox, WhatsAppInboxHandler>();
        return builder;
    }
}
