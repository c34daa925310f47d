using Humas.Bot.Channels.Web.Visitors;
using Humas.Bot.Feedback;
using Humas.Bot.Host;

namespace Humas.Bot.Channels.Web.Widget;

/// <summary>
/// The ministry page's widget: the script, and votes through the same <see cref="IReactionService"/> as
/// Telegram and Teams (the GET of the counters is Feedback's). One vote per visitor id per article.
/// </summary>
public static class WidgetEndpoints
{
    public const string CorsPolicy = "humas-widget";

    public static IEndpointRouteBuilder MapWidgetEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/widget/reactions.js", (HttpContext http, WebAssets assets) => assets.Serve(http, WebAssets.WidgetScript))
            .WithName("WidgetScript")
            .EmbeddableAnywhere();
        // A file, not an inline <style>: a ministry page whose own policy forbids inline styles still styles the widget.
        app.MapGet("/widget/reactions.css", (HttpContext http, WebAssets assets) => assets.Serve(http, WebAssets.WidgetStyles))
            .WithName("WidgetStyles")
            .EmbeddableAnywhere();
        app.MapPost("/api/articles/{id}/reactions", async (string id, HttpContext http, [AsParameters] Deps deps, CancellationToken ct) =>
            {
                var (body, problem) = await WebRequests.ReadJsonAsync(http, FeedbackJsonContext.Default.VoteRequest, ct);
                if (problem is not null)
                {
                    return problem;
                }

                if (body!.OptionId is not { } option || option is < 0 or > ReactionOptions.Count)
                {
                    return WebRequests.Invalid("optionId", $"optionId must be 1..{ReactionOptions.Count}, or 0 to withdraw.");
                }

                return await VoteAsync(id, option == 0 ? null : option, http, deps, ct);
            })
            .WithName("VoteOnArticle")
            .WithBodyLimit(WebRequests.MaxJsonBytes)
            .LimitedBy(WebRateLimits.Vote)
            .DisableAntiforgery();
        app.MapDelete("/api/articles/{id}/reactions", (string id, HttpContext http, [AsParameters] Deps deps, CancellationToken ct) => VoteAsync(id, null, http, deps, ct))
            .WithName("WithdrawArticleVote")
            .LimitedBy(WebRateLimits.Vote)
            .DisableAntiforgery();
        // Open streams share the chat's bounds: per visitor (when the request names one), per IP address and in total.
        app.MapWidgetLiveEndpoints();
        return app;
    }

    /// <summary>The services a vote needs, resolved per request.</summary>
    public sealed record Deps(IReactionService Reactions, ReactionCatalog Catalog, VisitorIds Visitors, WebRateLimits Limits);

    private static async Task<IResult> VoteAsync(string id, int? optionId, HttpContext http, Deps deps, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var articleId))
        {
            return NotFound(id);
        }

        if (WebRequests.Visitor(http, deps.Visitors) is not { } visitor)
        {
            return WebRequests.VisitorRejected();
        }

        if (deps.Limits.RequireVisitorCookie && !VisitorCookie.Matches(http, deps.Visitors, visitor))
        {
            return VisitorCookie.NotBound();
        }

        // Per visitor and per IP each minute: the rate limiter middleware (WebRateLimits.Vote); the id's age and per article here.
        if ((deps.Limits.TooYoungToVote(http) ?? deps.Limits.AcquireArticleVote(http, articleId)) is { } wait)
        {
            return WebRequests.TooMany(http, wait);
        }

        var result = await deps.Reactions.SetVoteAsync(articleId, VisitorIds.VoterKey(visitor), optionId, ct);
        return result is null
            ? NotFound(id)
            : Results.Json(FeedbackApi.Response(result.Tally, deps.Catalog, WebRequests.Language(http), result.CurrentOptionId), FeedbackJsonContext.Default.ReactionsResponse);
    }

    private static IResult NotFound(string id) =>
        Results.Problem($"No article with id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Article not found");
}
