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
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Publishing;

/// <summary><c>POST /api/articles</c>: a CMS announces an article the moment it is published.</summary>
public static class PublishingApi
{
    public const long MaxRequestBytes = 1024 * 1024;

    public static IHostApplicationBuilder AddPublishing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions(PublishingOptions.Section, new PublishingOptionsValidator());
        builder.Services.AddSingleton<ArticlePublisher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPublishingApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/articles", PublishAsync)
            .WithName("PublishArticle")
            .WithBodyLimit(MaxRequestBytes)
            .Produces<PublishArticleResponse>(StatusCodes.Status201Created)
            .Produces<PublishArticleResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> PublishAsync(
        HttpContext http,
        IOptions<PublishingOptions> options,
        ArticlePublisher publisher,
        CancellationToken ct)
    {
        var stores = http.RequestServices.GetServices<IPublishKeyStore>().ToList();
        if (options.Value.ApiKeys.Count == 0 && options.Value.Keys.Count == 0 && !await AnyStoredKeyAsync(stores, ct))
        {
            return Results.Problem("The publish API is off: Publishing:ApiKeys and Publishing:Keys are empty and no key was made in the dashboard.", statusCode: StatusCodes.Status404NotFound);
        }

        var presented = http.Request.Headers["X-Api-Key"].ToString();
        if (await GrantAsync(presented, options.Value, stores, ct) is not { } grant)
        {
            return Results.Problem("A valid X-Api-Key header is required.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var request = await ReadBodyAsync(http, ct);
        if (request.Error is not null)
        {
            return request.Error;
        }

        var body = request.Value!;
        if (!grant.MayPublishAs(body.Institution))
        {
            return Results.Problem($"This key may not publish as '{body.Institution}'.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (body.National == true && !grant.IsNational)
        {
            return Results.Problem("Only a national key may publish a national item.", statusCode: StatusCodes.Status403Forbidden);
        }

        var outcome = await publisher.PublishAsync(body, ct);
        if (outcome.Article is not { } response)
        {
            return Results.ValidationProblem(outcome.Errors, title: "The article is not valid.");
        }

        return response.Created
            ? Results.Created($"/api/articles/{response.Id}", response)
            : Results.Ok(response);
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

    /// <summary>Whom the presented key publishes for: a configured national key, a configured institution key, or a stored key.</summary>
    private static async Task<PublishGrant?> GrantAsync(string presented, PublishingOptions options, List<IPublishKeyStore> stores, CancellationToken ct)
    {
        if (presented.Length == 0)
        {
            return null;
        }

        if (Matches(presented, options.ApiKeys))
        {
            return PublishGrant.National;
        }

        var bound = options.Keys.Where(k => Matches(presented, [k.Key])).SelectMany(k => k.Institutions).ToList();
        if (bound.Count > 0)
        {
            return PublishGrant.For(bound);
        }

        foreach (var store in stores)
        {
            if (await store.FindAsync(presented, ct) is { } grant)
            {
                return grant;
            }
        }

        return null;
    }

    private static bool Matches(string presented, IEnumerable<string> keys)
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
