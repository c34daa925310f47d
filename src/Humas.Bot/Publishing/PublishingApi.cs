using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Humas.Bot.Delivery.FanOut;
using Humas.Bot.Host;
using Humas.Bot.Ingestion.Articles;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Text;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Publishing;

/// <summary><c>POST /api/articles</c>: a CMS announces an article the moment it is published.</summary>
public static class PublishingApi
{
    public const long MaxRequestBytes = 1024 * 1024;

    public static IHostApplicationBuilder AddPublishing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PublishingOptions>(PublishingOptions.Section);
        return builder;
    }

    public static IEndpointRouteBuilder MapPublishingApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/articles", PublishAsync)
            .WithName("PublishArticle")
            .Produces<PublishArticleResponse>(StatusCodes.Status201Created)
            .Produces<PublishArticleResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<IResult> PublishAsync(
        HttpContext http,
        IOptions<PublishingOptions> options,
        IDbContextFactory<HumasDbContext> factory,
        ArticleIngestor ingestor,
        ArticleText text,
        CancellationToken ct)
    {
        var keys = options.Value.ApiKeys;
        var stores = http.RequestServices.GetServices<IPublishKeyStore>().ToList();
        if (keys.Count == 0 && !await AnyStoredKeyAsync(stores, ct))
        {
            return Results.Problem("The publish API is off: Publishing:ApiKeys is empty and no key was made in the dashboard.", statusCode: StatusCodes.Status404NotFound);
        }

        var presented = http.Request.Headers["X-Api-Key"].ToString();
        if (!IsAuthorized(presented, keys) && !await IsStoredKeyAsync(stores, presented, ct))
        {
            return Results.Problem("A valid X-Api-Key header is required.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var request = await ReadBodyAsync(http, ct);
        if (request.Error is not null)
        {
            return request.Error;
        }

        var body = request.Value!;
        await using var db = await factory.CreateDbContextAsync(ct);
        var institutions = await db.Set<Institution>().Select(i => i.Id).ToListAsync(ct);
        var errors = body.Validate(institutions.Contains);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The article is not valid.");
        }

        var plainBody = text.HtmlToText(body.Body ?? "");
        var draft = new ArticleDraft
        {
            InstitutionId = body.Institution!,
            Origin = ArticleOrigin.PublishApi,
            Url = body.Url!.Trim(),
            Title = text.HtmlToText(body.Title!),
            Body = plainBody,
            Summary = text.Summarize(string.IsNullOrWhiteSpace(body.Summary) ? plainBody : text.HtmlToText(body.Summary)),
            ImageUrl = body.ImageUrl,
            Category = body.Category,
            PublishedAt = body.PublishedAt?.UtcDateTime,
        };

        var outcome = await IngestWithRetryAsync(db, ingestor, draft, ct);
        // Committed: let the fan-out look now rather than at its next poll (absent when delivery is not registered).
        http.RequestServices.GetService<FanOutWake>()?.Wake();
        var response = new PublishArticleResponse(outcome.ArticleId.ToString(), draft.Url, outcome.Result == IngestResult.Created);
        return response.Created
            ? Results.Created($"/api/articles/{response.Id}", response)
            : Results.Ok(response);
    }

    /// <summary>Two CMS calls for one URL at once: the loser of the unique-key race finds the winner's article.</summary>
    private static async Task<IngestOutcome> IngestWithRetryAsync(HumasDbContext db, ArticleIngestor ingestor, ArticleDraft draft, CancellationToken ct)
    {
        try
        {
            return await db.InTransactionAsync(() => ingestor.IngestAsync(db, draft, announce: true, ct), ct);
        }
        catch (DbUpdateException)
        {
            return await db.InTransactionAsync(() => ingestor.IngestAsync(db, draft, announce: true, ct), ct);
        }
    }

    private static async Task<bool> AnyStoredKeyAsync(List<IPublishKeyStore> stores, CancellationToken ct)
    {
        foreach (var store in stores)
        {
            if (await store.HasActiveKeysAsync(ct))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<bool> IsStoredKeyAsync(List<IPublishKeyStore> stores, string presented, CancellationToken ct)
    {
        foreach (var store in stores)
        {
            if (presented.Length > 0 && await store.IsValidAsync(presented, ct))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAuthorized(string presented, List<string> keys)
    {
        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        var match = false;
        foreach (var key in keys)
        {
            // Compare against every key in constant time so timing reveals neither which key nor how much matched.
            match |= key.Length > 0 && CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(key));
        }

        return match;
    }

    private static async Task<(PublishArticleRequest? Value, IResult? Error)> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxRequestBytes;
        }

        if (http.Request.ContentLength > MaxRequestBytes)
        {
            return (null, TooLarge());
        }

        if (!http.Request.HasJsonContentType())
        {
            return (null, Results.Problem("Send the article as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        try
        {
            var value = await http.Request.ReadFromJsonAsync(PublishingJsonContext.Default.PublishArticleRequest, ct);
            return value is null
                ? (null, Results.Problem("The request body is empty.", statusCode: StatusCodes.Status400BadRequest))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Results.Problem($"The request body is not valid JSON: {e.Message}", statusCode: StatusCodes.Status400BadRequest));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
    }

    private static IResult TooLarge() =>
        Results.Problem($"The request body is larger than {MaxRequestBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
