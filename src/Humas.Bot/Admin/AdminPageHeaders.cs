namespace Humas.Bot.Admin;

/// <summary>
/// The dashboard pages' security headers (<see cref="Host.SecurityHeaders"/> writes them; every other dashboard
/// answer, the assets, the live stream, the CSV files and attachments included, has the resource policy).
/// </summary>
internal static class AdminPageHeaders
{
    /// <summary>
    /// What the pages load, all from this origin: <c>/admin/assets/admin.js</c> and <c>admin.css</c>, the live
    /// progress stream (<c>EventSource</c> on <c>/admin/live/progress</c>), and tip photos
    /// (<c>/admin/usulan/{id}/lampiran/{n}</c>). The pages have no inline script, style or <c>style</c> attribute
    /// (the charts are inline SVG coloured by classes from admin.css), and no picture from another site, so nothing
    /// is allowed but <c>'self'</c>. Every form is sent to the dashboard itself; no page may be framed.
    /// </summary>
    public const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The dashboard's addresses (searches, tickets, article ids) and its host are the editors' business: links out
    /// (an article on the ministry's site, a map) send no referrer at all; the dashboard's own requests keep it.
    /// </summary>
    public const string ReferrerPolicy = "same-origin";
}
