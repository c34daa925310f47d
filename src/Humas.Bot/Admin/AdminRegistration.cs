using System.Security.Claims;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Admin.Demo;
using Humas.Bot.Admin.Live;
using Humas.Bot.Admin.Reports;
using Humas.Bot.Admin.Scoping;
using Humas.Bot.Admin.Sources;
using Humas.Bot.Admin.Tips;
using Humas.Bot.Cli;
using Humas.Bot.Delivery.Log;
using Humas.Bot.Host;
using Humas.Bot.Ingestion.Polling;
using Humas.Bot.Publishing;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Contributors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Humas.Bot.Admin;

public static class AdminRegistration
{
    /// <summary>
    /// The editors' dashboard: accounts and cookie sign-in, Razor Pages under Admin/Pages, reports, the live
    /// progress stream, dashboard-managed sources and publish keys, demo data, and the <c>users</c> verb.
    /// </summary>
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Admin/Pages";
            o.Conventions.AuthorizeFolder("/", AdminAuth.Viewer);
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AuthorizePage("/Users/Index", AdminAuth.Admin);
        });
        services.AddHttpContextAccessor();
        services.AddAuthentication()
            .AddCookie(AdminAuth.Scheme, o =>
            {
                o.Cookie.Name = "humas_admin";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the browser's request was https: behind a trusted proxy the forwarded-headers
                // middleware has already made the request's scheme the original one.
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/admin";
                o.LoginPath = AdminAuth.SignInPath;
                o.AccessDeniedPath = AdminAuth.DeniedPath;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = ValidateAccountAsync;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminAuth.Viewer, p => p.AddAuthenticationSchemes(AdminAuth.Scheme).RequireRole("viewer", "editor", "admin"))
            .AddPolicy(AdminAuth.Editor, p => p.AddAuthenticationSchemes(AdminAuth.Scheme).RequireRole("editor", "admin"))
            .AddPolicy(AdminAuth.Admin, p => p.AddAuthenticationSchemes(AdminAuth.Scheme).RequireRole("admin"));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "humas_admin_af";
            o.Cookie.Path = "/admin";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__af";
        });

        services.AddScoped<AdminUi>();
        services.AddSingleton<DashboardDb>();
        services.AddDashboardService<AdminAccounts>();
        services.AddSingleton<SignInThrottle>();
        services.AddDashboardService<PublishKeys>();
        services.AddSingleton<IPublishKeyStore>(sp => sp.GetRequiredService<PublishKeys>());
        // The desk's queue is its own, on the scoped contexts: the list shows only the account's tips.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<TipDesk>(
            sp, sp.GetRequiredService<DashboardDb>(), ActivatorUtilities.CreateInstance<Humas.Bot.Tips.Queue.TipQueue>(sp, sp.GetRequiredService<DashboardDb>())));
        services.AddSingleton<SourceHealthRecorder>();
        services.AddSingleton<ISourcePollObserver>(sp => sp.GetRequiredService<SourceHealthRecorder>());
        services.AddDashboardService<DashboardSources>();
        services.AddDashboardService<ReportQueries>();
        services.AddDashboardService<EngagementQueries>();
        services.AddDashboardService<DashboardQueries>();
        // Deliberately on unrestricted contexts: it cuts national items' figures down to the account's institutions itself.
        services.AddSingleton<NationalItems>();
        // The other parts' services that dashboard pages read through: the same objects, on the scoped contexts.
        services.AddDashboardService<ChatConnections>();
        services.AddDashboardService<Alerts.IncidentList>();
        services.AddDashboardService<ContributorRegistry>();
        services.AddDashboardService<TipLeaderboard>();
        services.AddDashboardService<DeliveryLog>();
        services.AddDashboardService<Delivery.Progress.DeliveryProgress>();
        services.AddSingleton<DeliveryCounters>();
        services.AddSingleton<IHttpRateLimit, ProgressStreamLimits>();
        services.AddBoundOptions<DemoOptions>(DemoOptions.Section);
        services.AddSingleton<DemoData>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoData>());
        services.AddSingleton<ICliCommand, UsersCommand>();
        return builder;
    }

    /// <summary>
    /// Registers (or re-registers, for another part's service) <typeparamref name="T"/> as a singleton whose
    /// database contexts come from <see cref="DashboardDb"/>: restricted to the signed-in account's institutions in
    /// a dashboard request, unrestricted everywhere else, so the part's other callers see no change.
    /// </summary>
    private static void AddDashboardService<T>(this IServiceCollection services)
        where T : class =>
        services.Replace(ServiceDescriptor.Singleton(sp => ActivatorUtilities.CreateInstance<T>(sp, sp.GetRequiredService<DashboardDb>())));

    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        // The meter listener must exist before the first send to count it.
        app.Services.GetRequiredService<DeliveryCounters>();
        // Every page's headers (Razor Pages run no endpoint filters: SecurityHeaders reads this metadata).
        app.MapRazorPages().WithPageHeaders(AdminPageHeaders.Policy, AdminPageHeaders.ReferrerPolicy);
        AdminEndpoints.Map(app);
        return app;
    }

    /// <summary>
    /// Every request re-reads the account: a cookie whose security stamp is not the account's current one (the
    /// password, role or enabled state changed since it was issued) is refused, on whichever instance it arrives.
    /// </summary>
    private static async Task ValidateAccountAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(AdminAuth.StampClaim) ?? "";
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AdminAccounts>();
        var user = long.TryParse(id, out var userId) ? await accounts.FindAsync(userId, context.HttpContext.RequestAborted) : null;
        if (user is null || user.Disabled || !string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal)
            || !context.Principal!.IsInRole(AdminAuth.RoleName(user.Role)))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AdminAuth.Scheme);
        }
    }
}
