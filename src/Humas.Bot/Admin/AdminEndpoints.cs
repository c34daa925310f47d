using System.Globalization;
using System.Reflection;
using System.Security.Claims;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Admin.Live;
using Humas.Bot.Admin.Reports;
using Humas.Bot.Delivery.Log;
using Humas.Bot.Delivery.Progress;
using Humas.Bot.Host;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Storage.Files;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Admin;

/// <summary>The dashboard's non-page endpoints: its own CSS and script, the language switch, live progress, CSV, attachments.</summary>
internal static class AdminEndpoints
{
    private static readonly string[] InlineImageTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"];

    public static void Map(WebApplication app)
    {
        app.MapGet("/admin/assets/{name}", Asset).AllowAnonymous();
        app.MapGet("/admin/bahasa/{lang}", SwitchLanguage).AllowAnonymous();
        app.MapGet("/admin/live/progress", ProgressStream.Open).RequireAuthorization(AdminAuth.Viewer).LimitedBy(ProgressStreamLimits.Tag);
        app.MapGet("/admin/ekspor/{report}.csv", ExportAsync).RequireAuthorization(AdminAuth.Viewer);
        app.MapGet("/admin/usulan/{tipId:long}/lampiran/{id:long}", AttachmentAsync).RequireAuthorization(AdminAuth.Viewer);
    }

    /// <summary>Embedded, so the dashboard works from any working directory and with no CDN.</summary>
    private static IResult Asset(string name, HttpContext http)
    {
        var type = Path.GetExtension(name) switch { ".css" => "text/css; charset=utf-8", ".js" => "text/javascript; charset=utf-8", _ => null };
        var stream = type is null || name.Contains('/', StringComparison.Ordinal)
            ? null
            : Assembly.GetExecutingAssembly().GetManifestResourceStream($"Humas.Bot.Admin.Assets.{name}");
        if (stream is null)
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Stream(stream, type);
    }

    private static IResult SwitchLanguage(string lang, string? returnUrl, HttpContext http)
    {
        http.Response.Cookies.Append(AdminUi.LanguageCookie, Languages.Normalize(lang), new CookieOptions
        {
            Path = "/admin", HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true, Secure = http.Request.IsHttps,
        });
        // Only local dashboard addresses, so the switch cannot be used to send an editor elsewhere.
        var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith("/admin", StringComparison.Ordinal) && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.Contains('\\', StringComparison.Ordinal) ? returnUrl : "/admin";
        return Results.LocalRedirect(target);
    }

    private static async Task<IResult> ExportAsync(
        string report, string? from, string? to, string? q, string? channel, string? institution, int? year, int? month, string? article, string? state,
        ReportQueries reports, EngagementQueries engagement, DashboardQueries dashboard, DeliveryLog log, ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        var period = Period.Parse(from, to, time.GetUtcNow().UtcDateTime);
        var suffix = $"{period.FromText}_{period.ToText}";
        switch (report)
        {
            case "reaksi-instansi":
                return CsvFiles.Result(await reports.ReactionsByInstitutionAsync(period, ct), $"reactions-by-institution_{suffix}.csv");
            case "reaksi-kanal":
                return CsvFiles.Result(await reports.ReactionsByChannelAsync(period, ct), $"reactions-by-channel_{suffix}.csv");
            case "reaksi-kategori":
                return CsvFiles.Result(await reports.ReactionsByCategoryAsync(period, ct), $"reactions-by-category_{suffix}.csv");
            case "artikel-teratas":
                return CsvFiles.Result(await reports.TopArticlesAsync(period, ct), $"top-articles_{suffix}.csv");
            case "pertumbuhan-pelanggan":
                return CsvFiles.Result(await reports.SubscriberGrowthAsync(period, ct), $"subscriber-growth_{suffix}.csv");
            case "keberhasilan-pengiriman":
                return CsvFiles.Result(await reports.DeliverySuccessAsync(period, ct), $"delivery-success_{suffix}.csv");
            case "kinerja-artikel":
                return CsvFiles.Result(await engagement.ArticlesAsync(period, CsvFiles.MaxRows, ct, NullIfEmpty(institution)), $"article-engagement_{suffix}.csv");
            case "kinerja-bulanan":
                return CsvFiles.Result(await engagement.MonthlyAsync(period, ct, NullIfEmpty(institution)), $"monthly-engagement_{suffix}.csv");
            case "pelanggan":
                return CsvFiles.Result(await dashboard.SubscribersAsync(channel, q, CsvFiles.MaxRows, ct), "subscribers.csv");
            case "pengiriman":
                var filter = new DeliveryLogFilter(DeliveryStates.Parse(state), string.IsNullOrEmpty(channel) ? null : channel);
                if (!Guid.TryParse(article, out var articleId)
                    || await log.ListAsync(articleId, EditorScopes.Of(user), filter, CsvFiles.MaxRows, ct) is not { } entries)
                {
                    return Results.Problem("Unknown article.", statusCode: StatusCodes.Status404NotFound);
                }

                return CsvFiles.Result(entries, $"deliveries_{articleId:D}.csv");
            case "evaluasi":
                var now = JakartaTime.ToLocal(time.GetUtcNow().UtcDateTime);
                var (y, m) = (year ?? now.Year, month ?? now.Month);
                if (institution is null || m is < 1 or > 12 || y is < 2000 or > 2100
                    || await reports.EvaluationAsync(institution, y, m, ct) is not { } evaluation)
                {
                    return Results.Problem("Unknown institution or month.", statusCode: StatusCodes.Status404NotFound);
                }

                return CsvFiles.Result(ReportQueries.EvaluationCsv(evaluation),
                    string.Create(CultureInfo.InvariantCulture, $"evaluation_{institution}_{y:D4}-{m:D2}.csv"));
            default:
                return Results.Problem($"No report '{report}'.", statusCode: StatusCodes.Status404NotFound);
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>
    /// A stored attachment, for signed-in editors only. Common photo types are shown inline; everything else is a
    /// download, and like every answer it has nosniff and a policy under which it runs nothing (Host/SecurityHeaders),
    /// so an uploaded HTML or SVG file can never run in the dashboard's origin.
    /// </summary>
    private static async Task<IResult> AttachmentAsync(
        long tipId, long id, Scoping.DashboardDb factory, FileStore store, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var attachment = await db.Set<TipAttachmentRecord>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.TipId == tipId, ct);
        if (attachment is not { State: TipAttachmentState.Stored, StoredPath: { } stored })
        {
            return Results.NotFound();
        }

        // From the shared store: whichever instance received the file, every instance serves it, streamed.
        if (await store.OpenReadAsync(stored, ct) is not { } content)
        {
            return Results.NotFound();
        }

        var type = attachment.MediaType ?? "application/octet-stream";
        var inline = InlineImageTypes.Contains(type, StringComparer.OrdinalIgnoreCase);
        return inline
            ? Results.Stream(content, type)
            : Results.Stream(content, "application/octet-stream", attachment.OriginalName ?? stored.Split('/')[^1]);
    }
}
