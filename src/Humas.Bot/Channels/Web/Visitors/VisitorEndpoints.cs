using Humas.Bot.Channels.Web.Chat;
using Humas.Bot.Host;

namespace Humas.Bot.Channels.Web.Visitors;

public static class VisitorEndpoints
{
    /// <summary><c>POST /api/visitors</c>: a new signed visitor id for a browser (the widget and the chat keep it).</summary>
    public static IEndpointRouteBuilder MapVisitorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/visitors", (VisitorIds ids) =>
            {
                var (_, token) = ids.Issue();
                return Results.Json(new VisitorIssued(token), WebJsonContext.Default.VisitorIssued, statusCode: StatusCodes.Status201Created);
            })
            .WithName("IssueVisitor")
            .LimitedBy(WebRateLimits.IssueVisitor)
            .DisableAntiforgery();
        return app;
    }
}
