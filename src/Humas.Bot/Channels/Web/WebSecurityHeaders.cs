using Humas.Bot.Host;

namespace Humas.Bot.Channels.Web;

/// <summary>
/// The web channel's part of the service's security headers (<see cref="SecurityHeaders"/>, which gives every
/// answer the resource policy and <c>nosniff</c>): the chat page's policy (<see cref="WithChatPageHeaders{TBuilder}"/>
/// on the one HTML page, <c>/chat</c>), and <see cref="EmbeddableAnywhere{TBuilder}"/> on the widget's two files,
/// which other sites' pages load.
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

    /// <summary>Links from the chat to the ministries' articles tell them where the reader came from, never the page's path or query.</summary>
    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    /// <summary><see cref="PagePolicy"/>, the referrer policy, and <c>X-Frame-Options: DENY</c> for browsers that do not know <c>frame-ancestors</c>.</summary>
    public static TBuilder WithChatPageHeaders<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithPageHeaders(PagePolicy, ReferrerPolicy);

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
