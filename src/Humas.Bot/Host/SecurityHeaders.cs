namespace Humas.Bot.Host;

/// <summary>
/// The security headers of every answer the service gives, written by one middleware as the response starts:
/// <see cref="ResourcePolicy"/> and <c>nosniff</c> by default, and on an endpoint marked with
/// <see cref="WithPageHeaders{TBuilder}"/> (an HTML page) that page's policy, <c>X-Frame-Options: DENY</c> and its
/// referrer policy instead. Written when the response starts rather than by endpoint filters, so answers given
/// before an endpoint runs carry them too (the rate limiter's 429, the CORS middleware's preflight answers, a 404
/// with no endpoint, a sign-in redirect, the exception handler's 500: it clears the headers, not this callback), and
/// whatever an endpoint answers (a 304, a problem); and read from endpoint metadata rather than a list of paths, so
/// no endpoint is missed. Razor Pages take the same metadata (they run no endpoint filters).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Scripts, stylesheets, JSON answers, event streams, files: opened as a document, they may load and run nothing.</summary>
    public const string ResourcePolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Before anything that may answer on its own (the rate limiter, CORS, routing's 404).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            http.Response.OnStarting(WriteAsync, http);
            return next(http);
        });

    /// <summary>
    /// The endpoints are HTML pages: <paramref name="policy"/> replaces <see cref="ResourcePolicy"/>, with
    /// <c>X-Frame-Options: DENY</c> (each page's policy has <c>frame-ancestors 'none'</c>; this is for browsers
    /// that do not know it) and <paramref name="referrerPolicy"/>.
    /// </summary>
    public static TBuilder WithPageHeaders<TBuilder>(this TBuilder builder, string policy, string referrerPolicy)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PageHeaders(policy, referrerPolicy));

    private static Task WriteAsync(object state)
    {
        var http = (HttpContext)state;
        var headers = http.Response.Headers;
        var page = http.GetEndpoint()?.Metadata.GetMetadata<PageHeaders>();
        headers.ContentSecurityPolicy = page?.Policy ?? ResourcePolicy;
        headers.XContentTypeOptions = "nosniff";
        if (page is not null)
        {
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = page.ReferrerPolicy;
        }

        return Task.CompletedTask;
    }

    private sealed record PageHeaders(string Policy, string ReferrerPolicy);
}
