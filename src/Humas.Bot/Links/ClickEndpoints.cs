using Humas.Bot.Localization;

namespace Humas.Bot.Links;

/// <summary>
/// <c>GET|HEAD /r/{token}</c>: a 302 to the article the token stands for, and one click counted for its article and
/// channel unless the request is a HEAD or comes from a link-preview fetcher or bot (<see cref="LinkPreviewFetchers"/>).
/// The answer goes only to the article URL stored for the token, never to an address from the request, and only
/// when that is an http(s) URL; anything else is a 404 with a short message for whoever followed it.
/// </summary>
public static class ClickEndpoints
{
    public static IEndpointRouteBuilder MapClickEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods(ArticleLinks.Path + "{token}", [HttpMethods.Get, HttpMethods.Head], OpenAsync).WithName("OpenArticleLink");
        return app;
    }

    private static async Task<IResult> OpenAsync(string token, HttpContext http, ArticleLinks links, ClickCounter counter, ITexts texts, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        if (await links.FindAsync(token, ct) is not { } target
            || !Uri.TryCreate(target.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            var lang = Languages.Normalize(http.Request.Headers.AcceptLanguage.ToString());
            return Results.Text(texts.Get("links.unknown", lang), "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        if (!HttpMethods.IsHead(http.Request.Method) && !LinkPreviewFetchers.IsFetcher(http.Request))
        {
            counter.Count(target.LinkId);
        }

        return Results.Redirect(url.AbsoluteUri);
    }
}
