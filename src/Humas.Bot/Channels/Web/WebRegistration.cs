using Humas.Bot.Channels.Web.Chat;
using Humas.Bot.Channels.Web.Visitors;
using Humas.Bot.Channels.Web.Widget;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Host;
using Humas.Bot.Tips.Attachments;
using Humas.Bot.Tips.Queue;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Web;

public static class WebRegistration
{
    /// <summary>
    /// The web channel: visitor ids, the reactions widget, the web chat as a third delivery channel ("web"),
    /// its tip notifier and upload fetcher. Needs Storage, Subscriptions, Delivery, Feedback and Tips.
    /// </summary>
    public static IHostApplicationBuilder AddWebChannel(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions(WebOptions.Section, new WebOptionsValidator());
        services.AddSingleton(sp => new VisitorIds(
            sp.GetRequiredService<IOptions<WebOptions>>(), sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WebRateLimits>();
        services.AddSingleton<IHttpRateLimit>(sp => sp.GetRequiredService<WebRateLimits>());
        services.AddSingleton<WebAssets>();

        services.AddChatCommands();
        services.AddSingleton<WebChatSignal>();
        services.AddSingleton<WebInbox>();
        services.AddSingleton<WebMessageFormatter>();
        services.AddSingleton<WebDeliveryChannel>();
        services.AddSingleton<IDeliveryChannel>(sp => sp.GetRequiredService<WebDeliveryChannel>());
        services.AddScoped<WebChatSession>();
        services.AddSingleton<WebUploads>();
        services.AddSingleton<ITipAttachmentFetcher>(sp => sp.GetRequiredService<WebUploads>());
        services.AddHostedService<WebMessageJanitor>();

        // CORS only for the widget's API, only for Web:AllowedOrigins (read when the policy is built, so late settings count).
        services.AddCors();
        services.AddSingleton<IConfigureOptions<CorsOptions>>(sp => new ConfigureOptions<CorsOptions>(cors =>
            cors.AddPolicy(WidgetEndpoints.CorsPolicy, policy => policy
                .WithOrigins([.. sp.GetRequiredService<IOptions<WebOptions>>().Value.AllowedOrigins.Select(o => o.TrimEnd('/'))])
                .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete)
                .WithHeaders("Content-Type", WebRequests.VisitorHeader)
                .WithExposedHeaders("Retry-After")
                .AllowCredentials()
                .SetPreflightMaxAge(TimeSpan.FromHours(1)))));
        return builder;
    }

    /// <summary><c>/widget/reactions.js</c> and <c>.css</c>, <c>POST|DELETE /api/articles/{id}/reactions</c>, the live events (<c>/api/reactions/events</c> and per article), <c>POST /api/visitors</c>, <c>/chat</c> and its API.</summary>
    public static WebApplication MapWebChannel(this WebApplication app)
    {
        // Before routing's endpoints run: the CORS middleware answers preflights itself and adds headers
        // only for allowed origins. Limited to the widget's paths, so no other endpoint is opened cross-origin.
        app.UseWhen(IsWidgetApi, branch => branch.UseCors(WidgetEndpoints.CorsPolicy));
        // Every answer has the resource's security headers (SecurityHeaders); the chat page its own (WebSecurityHeaders).
        app.MapVisitorEndpoints();
        app.MapWidgetEndpoints();
        app.MapChatEndpoints();
        return app;
    }

    /// <summary>
    /// /api/visitors, /api/articles/{id}/reactions and its live events, /api/reactions?url= (the GETs are
    /// Feedback's; the page reads them cross-origin too) and /api/reactions/events, the live events of several articles.
    /// </summary>
    private static bool IsWidgetApi(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (path.Equals("/api/visitors", StringComparison.OrdinalIgnoreCase) || path.Equals(Feedback.FeedbackApi.ByUrlPath, StringComparison.OrdinalIgnoreCase)
            || path.Equals(WidgetLiveEndpoint.ManyPath, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is ["api", "articles", _, "reactions"] or ["api", "articles", _, "reactions", "events"];
    }
}
