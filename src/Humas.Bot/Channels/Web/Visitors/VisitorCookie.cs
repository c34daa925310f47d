namespace Humas.Bot.Channels.Web.Visitors;

/// <summary>
/// Binds a visitor id to the browser that asked for it. <c>POST /api/visitors</c> also sets this HttpOnly,
/// SameSite=Strict cookie holding the signed token, and a vote counts only when the request carries the cookie
/// (or the chat's own <see cref="WebRequests.ChatCookie"/>) for the same visitor as the header. A browser sends a
/// SameSite cookie only on requests from a page of the same site (www.kemensos.go.id and humas.kemensos.go.id are
/// one site), so a page elsewhere cannot make its visitors' browsers mint and spend ids, and a script must keep a
/// cookie jar per id. Operators whose widget pages are on another site turn it off with
/// <see cref="WebOptions.RequireVisitorCookie"/> (docs/WEB.md says what that gives up).
/// </summary>
public static class VisitorCookie
{
    public const string Name = "humas_visitor";

    public static void Set(HttpContext http, string token, TimeSpan lifetime) =>
        http.Response.Cookies.Append(Name, token, new CookieOptions
        {
            Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, IsEssential = true,
            MaxAge = lifetime,
        });

    /// <summary>True when a cookie of this browser names <paramref name="visitorId"/>.</summary>
    public static bool Matches(HttpContext http, VisitorIds ids, string visitorId) =>
        ids.Verify(http.Request.Cookies[Name]) == visitorId || ids.Verify(http.Request.Cookies[WebRequests.ChatCookie]) == visitorId;

    public static IResult NotBound() => Results.Problem(
        "The visitor id was not issued to this browser (its same-site cookie is missing). Get a new one with POST /api/visitors.",
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Visitor id not bound");
}
