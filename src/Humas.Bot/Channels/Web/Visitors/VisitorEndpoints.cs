using Humas.Bot.Channels.Web.Chat;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Web.Visitors;

public static class VisitorEndpoints
{
    /// <summary><c>POST /api/visitors</c>: a new signed visitor id for a browser (the widget and the chat keep it).</summary>
    public static IEndpointRouteBuilder MapVisitorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/visitors", (HttpContext http, VisitorIds ids, WebRateLimiter limiter, IOptions<WebOptions> options) =>
            {
                if (limiter.TryAcquire("visitor:ip:" + WebRequests.ClientIp(http), options.Value.VisitorsPerHourPerIp, TimeSpan.FromHours(1)) is { } wait)
                {
                    return WebRequests.TooMany(http, wait);
                }

                var (_, token) = ids.Issue();
                return Results.Json(new VisitorIssued(token), WebJsonContext.Default.VisitorIssued, statusCode: StatusCodes.Status201Created);
            })
            .WithName("IssueVisitor")
            .DisableAntiforgery();
        return app;
    }
}
