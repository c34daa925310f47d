namespace Humas.Bot.Channels.Web;

/// <summary>
/// The security headers of everything the web channel serves, set by endpoint filters (one place, so no endpoint
/// of the channel is missed by a path list): <see cref="WithResourceHeaders{TBuilder}"/> on the whole channel,
/// <see cref="WithPageHeaders{TBuilder}"/> over it on the one HTML page (<c>/chat</c>), and
/// <see cref="EmbeddableAnywhere{TBuilder}"/> on the widget's two files, which other sites' pages load.
/// The admin dashboard has its own endpoints and does not use these.
/// </summary>
public static class WebSecurityHeaders
{
    /// <summary>
    /// The chat page's policy. Everything it loads is its own (<c>/chat/chat.js</c>, <c>/chat/chat.css</c>), and
    /// everything it asks is on this origin (<c>/api/visitors</c>, <c>/chat/api/*</c> with the event stream and the
    /// uploads): <c>'self'</c>. The page has no inline script or style: its texts are written into the HTML
    /// (HTML-encoded) and into chat.js (as JSON) when the asset is built, so no nonce or hash is needed, and a
    /// nonce would have kept the page from being built once and cached with an ETag. Article pictures are linked
    /// from the ministries' own sites and whatever hosts their feeds name (any http or https address; ingestion
    /// and the publish API keep no other scheme), so <c>img-src</c> allows http(s) images from anywhere: a picture
    /// runs nothing. No page may frame the chat (docs/WEB.md names no embedding of it).
    /// </summary>
    public const string PagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' http: https:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Scripts, stylesheets, JSON answers and event streams: opened as a document, they may load and run nothing.</summary>
    public const string ResourcePolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Links from the chat to the ministries' articles tell them where the reader came from, never the page's path or query.</summary>
    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    /// <summary><see cref="ResourcePolicy"/> and <c>nosniff</c> on every response of the endpoints (set before the handler runs, so a 304 or a problem has them too).</summary>
    public static TBuilder WithResourceHeaders<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter((context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = ResourcePolicy;
            headers.XContentTypeOptions = "nosniff";
            return next(context);
        });

    /// <summary>
    /// <see cref="PagePolicy"/>, the referrer policy, and <c>X-Frame-Options: DENY</c> for browsers that do not
    /// know <c>frame-ancestors</c>. Added after <see cref="WithResourceHeaders{TBuilder}"/> (a group's filters run
    /// first), so the page's policy replaces the resources'.
    /// </summary>
    public static TBuilder WithPageHeaders<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter((context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = PagePolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = ReferrerPolicy;
            return next(context);
        });

    /// <summary>
    /// <c>Cross-Origin-Resource-Policy: cross-origin</c>: the widget's script and stylesheet are loaded by other
    /// sites' pages without CORS (a plain <c>&lt;script&gt;</c> and <c>&lt;link rel="stylesheet"&gt;</c>), which a
    /// page isolated with <c>Cross-Origin-Embedder-Policy: require-corp</c> allows only with this header. They hold
    /// nothing private; the widget's API answers remain CORS for <c>Web:AllowedOrigins</c> only.
    /// </summary>
    public static TBuilder EmbeddableAnywhere<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter((context, next) =>
        {
            context.HttpContext.Response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
            return next(context);
        });
}
