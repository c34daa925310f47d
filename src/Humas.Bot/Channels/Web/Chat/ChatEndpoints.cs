using System.Globalization;
using Humas.Bot.Channels.Web.Visitors;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Feedback;
using Humas.Bot.Host;
using Humas.Bot.Localization;
using Humas.Bot.Storage.Files;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>
/// <c>/chat</c>: the page, its script and styles, and its API under <c>/chat/api</c> (same origin, so no
/// CORS). Every API call names the visitor by the signed id; an unsigned or altered one gets 401.
/// </summary>
public static class ChatEndpoints
{
    /// <summary>Room for the multipart boundaries and part headers around an upload's file.</summary>
    public const long UploadEnvelopeBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapChatEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/chat", (HttpContext http, WebAssets assets) => assets.Serve(http, WebAssets.ChatPage)).WithName("ChatPage").WithChatPageHeaders();
        app.MapGet("/chat/chat.js", (HttpContext http, WebAssets assets) => assets.Serve(http, WebAssets.ChatScript));
        app.MapGet("/chat/chat.css", (HttpContext http, WebAssets assets) => assets.Serve(http, WebAssets.ChatStyles));

        var api = app.MapGroup("/chat/api").DisableAntiforgery();
        api.MapGet("/messages", async (HttpContext http, VisitorIds ids, WebChatSession session, WebInbox inbox, CancellationToken ct) =>
        {
            if (WebRequests.Visitor(http, ids) is not { } visitor)
            {
                return WebRequests.VisitorRejected();
            }

            await session.ConversationAsync(visitor, WebRequests.Language(http), ct);
            WebRequests.SetChatCookie(http);
            return Results.Json(new WebMessageList(await inbox.HistoryAsync(visitor, ct)), WebJsonContext.Default.WebMessageList);
        });
        api.MapGet("/events", ChatEventStream.Open).LimitedBy(WebRateLimits.Stream);
        api.MapPost("/send", async (HttpContext http, [AsParameters] ChatDeps deps, CancellationToken ct) =>
        {
            if (Guard(http, deps) is { } rejected)
            {
                return rejected;
            }

            var (body, problem) = await WebRequests.ReadJsonAsync(http, WebJsonContext.Default.WebTextRequest, ct);
            if (problem is not null)
            {
                return problem;
            }

            var text = body!.Text?.Trim() ?? "";
            if (text.Length is 0 or > Tips.TipLimits.MaxTextLength)
            {
                return WebRequests.Invalid("text", $"text must be 1..{Tips.TipLimits.MaxTextLength} characters.");
            }

            return List(await deps.Session.TextAsync(Visitor(http), WebRequests.Language(http), text, ct));
        }).WithBodyLimit(WebRequests.MaxJsonBytes).LimitedBy(WebRateLimits.ChatAction);
        api.MapPost("/button", async (HttpContext http, [AsParameters] ChatDeps deps, CancellationToken ct) =>
        {
            if (Guard(http, deps) is { } rejected)
            {
                return rejected;
            }

            var (body, problem) = await WebRequests.ReadJsonAsync(http, WebJsonContext.Default.WebButtonRequest, ct);
            if (problem is not null)
            {
                return problem;
            }

            if (body!.Action is not { Length: > 0 and <= 64 } action)
            {
                return WebRequests.Invalid("action", "action must be 1..64 characters.");
            }

            return List(await deps.Session.ButtonAsync(Visitor(http), WebRequests.Language(http), action, ct));
        }).WithBodyLimit(WebRequests.MaxJsonBytes).LimitedBy(WebRateLimits.ChatAction);
        api.MapPost("/react", async (HttpContext http, [AsParameters] ChatDeps deps, InboundRouter router, ReactionCatalog catalog, WebRateLimits limits, CancellationToken ct) =>
        {
            if (Guard(http, deps) is { } rejected)
            {
                return rejected;
            }

            var (body, problem) = await WebRequests.ReadJsonAsync(http, WebJsonContext.Default.WebReactRequest, ct);
            if (problem is not null)
            {
                return problem;
            }

            if (!Guid.TryParse(body!.ArticleId, out var articleId))
            {
                return WebRequests.Invalid("articleId", "articleId must be an article's id.");
            }

            if (body.OptionId is not (>= 1 and <= ReactionOptions.Count) || body.OptionId is not { } option)
            {
                return WebRequests.Invalid("optionId", $"optionId must be 1..{ReactionOptions.Count}.");
            }

            if (limits.RequireVisitorCookie && !VisitorCookie.Matches(http, deps.Ids, Visitor(http)))
            {
                return VisitorCookie.NotBound();
            }

            if ((limits.TooYoungToVote(http) ?? limits.AcquireArticleVote(http, articleId)) is { } wait)
            {
                return WebRequests.TooMany(http, wait);
            }

            // A button under a delivered article toggles, as on Telegram: a press like any channel's, through the router.
            // The voter key is the widget's too ("web:{visitor}"), so one browser has one vote.
            var press = new ButtonPressed(
                WebChatSession.Address(Visitor(http)), WebChatSession.Visitor(Visitor(http), WebRequests.Language(http)), null, ReactionActionData.Encode(articleId, option), null);
            var result = (await router.HandleAsync(press, ct)).Vote;
            return result is null
                ? Results.Problem($"No article with id '{body.ArticleId}'.", statusCode: StatusCodes.Status404NotFound, title: "Article not found")
                : Results.Json(FeedbackApi.Response(result.Tally, catalog, WebRequests.Language(http), result.CurrentOptionId), FeedbackJsonContext.Default.ReactionsResponse);
        }).WithBodyLimit(WebRequests.MaxJsonBytes).LimitedBy(WebRateLimits.ChatAction);
        api.MapPost("/upload", UploadAsync)
            .WithBodyLimit(services => services.GetRequiredService<WebUploads>().MaxBytes + UploadEnvelopeBytes)
            .LimitedBy(WebRateLimits.ChatAction);
        return app;
    }

    public sealed record ChatDeps(VisitorIds Ids, WebChatSession Session);

    private const string VisitorItem = "humas.visitor";

    private static string Visitor(HttpContext http) => (string)http.Items[VisitorItem]!;

    /// <summary>The visitor (401 without a valid id); the per-visitor action limit is the rate limiter's (WebRateLimits.ChatAction).</summary>
    private static IResult? Guard(HttpContext http, ChatDeps deps)
    {
        if (WebRequests.Visitor(http, deps.Ids) is not { } visitor)
        {
            return WebRequests.VisitorRejected();
        }

        http.Items[VisitorItem] = visitor;
        return null;
    }

    private static IResult List(IReadOnlyList<WebMessageEnvelope> messages) =>
        Results.Json(new WebMessageList(messages), WebJsonContext.Default.WebMessageList);

    /// <summary>
    /// <c>POST /chat/api/upload</c>, multipart with one "file". Everything that can refuse the file is asked
    /// before a byte of it is written: the size (413: the endpoint's body limit, the file cap plus
    /// <see cref="UploadEnvelopeBytes"/>, which the server applies from the first read), the tip flow (no tip open, wrong step, too many files: its
    /// own answer), the visitor's and the address's daily quotas, the storage budget and the disk's floor (the
    /// chat says the file was not kept), and the type read from the file's first bytes, not the browser's claim
    /// (415). A refused file is never stored; an accepted one waits in the file store for the tip.
    /// </summary>
    private static async Task<IResult> UploadAsync(HttpContext http, [AsParameters] ChatDeps deps, WebUploads uploads, ITexts texts, IOptions<WebOptions> web, CancellationToken ct)
    {
        if (Guard(http, deps) is { } rejected)
        {
            return rejected;
        }

        var visitor = Visitor(http);
        var language = WebRequests.Language(http);
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return WebRequests.Invalid("file", "Send multipart/form-data with one part named \"file\".");
        }

        // What is reserved before writing: the file cannot be larger than the request, nor than the cap.
        var reserve = Math.Min(uploads.MaxBytes, http.Request.ContentLength ?? uploads.MaxBytes);
        var ip = HttpRateLimits.ClientIp(http);
        IResult? answer = null;
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = 16 * 1024 };
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (answer is not null
                    || !ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.IsFileDisposition() || disposition.Name.Value?.Trim('"') != "file")
                {
                    // Other parts, and anything after the file, are read and dropped: the request ends cleanly.
                    continue;
                }

                var claimed = section.ContentType?.Split(';')[0].Trim();
                var fileName = CleanName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                var shown = string.Format(CultureInfo.InvariantCulture, "📎 {0}", fileName ?? claimed ?? "?");
                if (await deps.Session.RefusedAttachmentAsync(visitor, language, shown, ct) is { } refusal)
                {
                    return Refuse(http, List(refusal));
                }

                if (await uploads.QuotaProblemAsync(visitor, ip, reserve, ct) is { } quota)
                {
                    var megabytes = quota == "visitor" ? web.Value.UploadMegabytesPerVisitorPerDay : web.Value.UploadMegabytesPerIpPerDay;
                    return Refuse(http, List(await deps.Session.NotKeptAsync(visitor, shown, texts.Get("web.upload.quota_" + quota, language, megabytes), ct)));
                }

                var head = new byte[FileSniffer.HeadLength];
                var headLength = 0;
                int read;
                while (headLength < head.Length && (read = await section.Body.ReadAsync(head.AsMemory(headLength), ct)) > 0)
                {
                    headLength += read;
                }

                var mediaType = FileSniffer.Detect(head.AsSpan(0, headLength), claimed);
                if (mediaType is null || !uploads.Accepts(mediaType))
                {
                    return Refuse(http, Results.Problem(
                        $"Files of type '{mediaType ?? claimed ?? "unknown"}' are not accepted (the type is read from the file's content).",
                        statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported file type"));
                }

                string handle;
                StoredFileInfo stored;
                try
                {
                    (handle, var writer) = await uploads.CreateAsync(visitor, ip, reserve, ct);
                    await using (writer)
                    {
                        await writer.WriteAsync(head.AsMemory(0, headLength), ct);
                        await section.Body.CopyToAsync(writer, ct);
                        stored = await writer.CommitAsync(mediaType, ct);
                    }
                }
                catch (StorageFullException)
                {
                    return Refuse(http, List(await deps.Session.NotKeptAsync(visitor, shown, texts.Get("web.upload.storage_full", language), ct)));
                }
                catch (FileTooLargeException)
                {
                    return Refuse(http, WebRequests.TooLarge(uploads.MaxBytes));
                }

                answer = List(await deps.Session.AttachmentAsync(visitor, language, handle, fileName, mediaType, stored.Size, shown, ct));
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(http, WebRequests.TooLarge(uploads.MaxBytes));
        }
        catch (InvalidDataException)
        {
            return WebRequests.Invalid("file", "Malformed multipart body.");
        }

        if (answer is not null)
        {
            return answer;
        }

        return WebRequests.Invalid("file", "No part named \"file\" with a file name.");
    }

    /// <summary>
    /// A refusal before the body was read to its end: the connection is closed after the answer, so the
    /// server does not read the rest of a large upload just to throw it away.
    /// </summary>
    private static IResult Refuse(HttpContext http, IResult problem)
    {
        http.Response.Headers.Connection = "close";
        return problem;
    }

    /// <summary>The visitor's file name as shown and stored in the tip row: the last path segment, no control characters, at most 200 characters.</summary>
    internal static string? CleanName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var clean = new string(last.Where(c => !char.IsControl(c) && c is not ('<' or '>')).ToArray()).Trim().Trim('.');
        return clean.Length == 0 ? null : clean.Length > 200 ? clean[..200] : clean;
    }
}
