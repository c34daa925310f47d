using Humas.Bot.Channels.Web.Chat;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Web.Visitors;

public static class VisitorEndpoints
{
    /// <summary><c>POST /api/visitors</c>: a new signed visitor id for a browser (the widget and the chat keep it), bound to it by <see cref="VisitorCookie"/>.</summary>
    public static IEndpointRouteBuilder MapVisitorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/visitors", (HttpContext http, VisitorIds ids, IOptions<WebOptions> options) =>
            {
                var (_, token) = ids.Issue();
                VisitorCookie.Set(http, token, TimeSpan.FromDays(options.Value.VisitorIdDays));
                return Results.Json(new VisitorIssued(token), WebJsonContext.Default.VisitorIssued, statusCode: StatusCodes.Status201Created);
            })
            .WithName("IssueVisitor")
            .LimitedBy(WebRateLimits.IssueVisitor)
            .DisableAntiforgery();
        return app;
    }
}
