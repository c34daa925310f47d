using System.Text.Json;
using System.Text.Json.Serialization;
using Humas.Bot.Ingestion.Articles;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Feedback;

/// <param name="YourOptionId">Only in answers to a vote (the web widget's POST): the voter's option after it; left out otherwise.</param>
public sealed record ReactionsResponse(
    string ArticleId,
    int Total,
    IReadOnlyList<ReactionsResponseOption> Options,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? YourOptionId = null);

public sealed record ReactionsResponseOption(int Id, string Emoji, string Label, int Count);

/// <summary>A vote from a web page: option 1..5, or 0 to withdraw.</summary>
public sealed record VoteRequest(int? OptionId);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReactionsResponse))]
[JsonSerializable(typeof(VoteRequest))]
public sealed partial class FeedbackJsonContext : JsonSerializerContext;

public static class FeedbackApi
{
    /// <summary><c>GET /api/articles/{id}/reactions</c>: the five counters for the ministry page's widget; <c>?lang=en</c> for English default labels.</summary>
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/articles/{id}/reactions", GetReactionsAsync)
            .WithName("GetArticleReactions")
            .Produces<ReactionsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet(ByUrlPath, GetReactionsByUrlAsync)
            .WithName("GetArticleReactionsByUrl")
            .Produces<ReactionsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary><c>GET /api/reactions?url=…</c>: the same answer for the article at that address (its id is in the answer).</summary>
    public const string ByUrlPath = "/api/reactions";

    private static async Task<IResult> GetReactionsByUrlAsync(
        string? url, string? lang, IDbContextFactory<HumasDbContext> factory, IReactionService reactions, ReactionCatalog catalog, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["url"] = ["url is required: the article's address."] }, title: "Invalid request");
        }

        Guid? articleId;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            articleId = await ArticleUrls.FindAsync(db, url, ct);
        }

        if (articleId is not { } id || await reactions.GetTallyAsync(id, ct) is not { } tally)
        {
            return Results.Problem("No article is known at that address.", statusCode: StatusCodes.Status404NotFound, title: "Article not found");
        }

        return Results.Json(Response(tally, catalog, lang), FeedbackJsonContext.Default.ReactionsResponse);
    }

    // The id is taken as a string so a malformed one gets the same problem answer as an unknown one,
    // instead of the routing's bare 404.
    private static async Task<IResult> GetReactionsAsync(string id, string? lang, IReactionService reactions, ReactionCatalog catalog, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var articleId) || await reactions.GetTallyAsync(articleId, ct) is not { } tally)
        {
            return Results.Problem($"No article with id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Article not found");
        }

        return Results.Json(Response(tally, catalog, lang), FeedbackJsonContext.Default.ReactionsResponse);
    }

    /// <summary>The documented shape, labels in <paramref name="lang"/>; every channel's web-facing answer uses it.</summary>
    public static ReactionsResponse Response(ReactionTally tally, ReactionCatalog catalog, string? lang, int? yourOptionId = null)
    {
        var labels = catalog.OptionsIn(lang);
        var options = tally.Options.Select(o => new ReactionsResponseOption(o.Id, o.Emoji, labels.Single(l => l.Id == o.Id).Label, o.Count)).ToList();
        return new ReactionsResponse(tally.ArticleId.ToString("D"), tally.Total, options, yourOptionId);
    }
}
