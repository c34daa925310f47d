using Humas.Bot.Alerts;
using Humas.Bot.Channels.Teams.Activities;
using Humas.Bot.Channels.Teams.Alerts;
using Humas.Bot.Channels.Teams.Auth;
using Humas.Bot.Channels.Teams.Cards;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Channels.Teams.Tips;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Attachments;
using Humas.Bot.Tips.Queue;

namespace Humas.Bot.Channels.Teams;

public static class TeamsRegistration
{
    public const string HttpClientName = "teams";

    /// <summary>The national app's messaging endpoint; an institution's own app's is this + "/{institution id}".</summary>
    public const string MessagesPath = "/api/messages";

    /// <summary>
    /// Teams over the Bot Framework REST protocol: options, inbound token validation, the Connector client,
    /// the delivery channel, cards, the activity handler and tips. Registered always; with an empty
    /// Teams:AppId the channel reports itself disabled and <c>POST /api/messages</c> answers 404. Needs
    /// Storage, Subscriptions, Delivery, Feedback and Tips. Call <see cref="MapTeamsMessages"/> on the app.
    /// </summary>
    public static IHostApplicationBuilder AddTeams(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions(TeamsOptions.Section, new TeamsOptionsValidator());
        // Each call sets Teams:RequestTimeoutSeconds. Service URLs and attachment links arrive in activities, so
        // connections are to public addresses only unless Teams:AllowPrivateNetworks (the tests' local fakes).
        services.AddPlatformHttpClient(HttpClientName, sp =>
        {
            var settings = sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<TeamsOptions>>();
            return () => settings.CurrentValue.AllowPrivateNetworks;
        });
        services.AddChannelStartupNotice<TeamsOptions>();

        // Every app: the national one and each institution's own (Institutions:N:Teams:AppId), checked at start by the
        // per-entry generated validator and, across entries, by TeamsAppsValidator.
        services.AddInstitutionChannelOptions("Teams", new TeamsInstitutionSettingsValidator());
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<InstitutionChannelOptions<TeamsInstitutionSettings>>, TeamsAppsValidator>();
        services.AddSingleton<TeamsApps>();
        services.AddHostedService<TeamsAppsNotice>();
        services.AddHealthChecks().AddCheck<TeamsHealthCheck>("teams");

        services.AddSingleton<SigningKeys>();
        services.AddSingleton<InboundTokenValidator>();
        services.AddSingleton<ConnectorTokenProvider>();
        services.AddSingleton<ConnectorClient>();
        services.AddSingleton<TeamsCardBuilder>();
        services.AddSingleton<TeamsDeliveryChannel>();
        services.AddSingleton<IDeliveryChannel>(sp => sp.GetRequiredService<TeamsDeliveryChannel>());

        services.AddSingleton<TeamsEditorsChats>();
        services.AddSingleton<IInstitutionEditorsChats>(sp => sp.GetRequiredService<TeamsEditorsChats>());
        // Each institution's own editors' chat here: seeded from configuration, shown and set on the dashboard.
        services.AddSingleton<IInstitutionChatFields, TeamsChatFields>();

        // Alerts: the editors' channel and the operators' conversation (Alerts:Teams:ConversationId).
        services.AddBoundOptions<TeamsAlertOptions>(TeamsAlertOptions.Section);
        services.AddSingleton<IAlertDelivery, TeamsAlertDelivery>();
        services.AddSingleton<ITipAttachmentFetcher, TeamsTipAttachmentFetcher>();

        services.AddChatCommands();
        services.AddScoped<TeamsReactionInvoke>();
        services.AddScoped<TeamsActivityHandler>();
        return builder;
    }

    /// <summary>
    /// <c>POST /api/messages</c>: Bot Framework activities from Teams to the national app; <c>POST /api/messages/{institution}</c>:
    /// those to an institution's own app.
    /// </summary>
    public static IEndpointRouteBuilder MapTeamsMessages(this IEndpointRouteBuilder app)
    {
        static long Limit(IServiceProvider services) =>
            services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<TeamsOptions>>().CurrentValue.MaxActivityBytes;
        app.MapPost(MessagesPath, TeamsMessagesEndpoint.HandleAsync).WithBodyLimit(Limit);
        app.MapPost(MessagesPath + "/{institution}", TeamsMessagesEndpoint.HandleOwnAsync).WithBodyLimit(Limit);
        return app;
    }
}
