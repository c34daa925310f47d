using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Web;

/// <summary>Section <c>Web</c>: the website widget and the web chat. Every limit here is named in docs/WEB.md.</summary>
public sealed class WebOptions : IValidatableObject
{
    public const string Section = "Web";

    /// <summary>Origins (scheme://host[:port]) whose pages may call the widget API from the browser; others get no CORS headers.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Base64 key (at least 32 bytes) that signs visitor ids with HMAC-SHA256, so every instance and every
    /// restart accepts the same ids. Empty: ASP.NET Data Protection's key ring signs them instead.
    /// </summary>
    public string? VisitorKey { get; set; }

    /// <summary>A visitor id expires this many days after it was issued (the page then asks for a new one).</summary>
    [Range(1, 365)]
    public int VisitorIdDays { get; set; } = 30;

    /// <summary>
    /// A vote needs a visitor id at least this old: minting an id and voting at once (a script) gets 429 with the
    /// wait; the widget asks for its id when the page loads, so a reader never notices.
    /// </summary>
    [Range(0, 3600)]
    public int VisitorMinAgeSeconds { get; set; } = 3;

    /// <summary>
    /// A vote needs the same-site cookie set when its visitor id was issued (<c>VisitorCookie</c>). Turn off only
    /// when the widget's pages are on another site than this service (the browser then withholds the cookie):
    /// votes then rest on the id's age and the per-IP caps alone.
    /// </summary>
    public bool RequireVisitorCookie { get; set; } = true;

    /// <summary>Votes (and withdrawals) one visitor may cast per minute, over all articles.</summary>
    [Range(1, 10_000)]
    public int VotesPerMinutePerVisitor { get; set; } = 30;

    /// <summary>Votes per minute from one IP address (an office behind one NAT shares it).</summary>
    [Range(1, 100_000)]
    public int VotesPerMinutePerIp { get; set; } = 300;

    /// <summary>
    /// Votes (and changes) on one article from one IPv4 address or IPv6 /64 per day: a stuffer with many visitor
    /// ids on one connection cannot push one article far. An office behind one NAT shares it.
    /// </summary>
    [Range(1, 100_000)]
    public int VotesPerArticlePerIp { get; set; } = 100;

    /// <summary>Chat event streams (server-sent events) one visitor may hold open at once (a few tabs).</summary>
    [Range(1, 100)]
    public int StreamsPerVisitor { get; set; } = 5;

    /// <summary>Chat event streams open at once from one IP address.</summary>
    [Range(1, 100_000)]
    public int StreamsPerIp { get; set; } = 50;

    /// <summary>Chat event streams open at once on this instance, from everyone.</summary>
    [Range(1, 1_000_000)]
    public int MaxStreams { get; set; } = 5000;

    /// <summary>New visitor ids one IP address may be issued per hour; bounds "clear storage and vote again".</summary>
    [Range(1, 100_000)]
    public int VisitorsPerHourPerIp { get; set; } = 60;

    /// <summary>Chat messages, button presses and uploads one visitor may send per minute.</summary>
    [Range(1, 10_000)]
    public int ChatActionsPerMinute { get; set; } = 60;

    /// <summary>Largest file the chat accepts for a tip; the smaller of this and Tips:MaxFileBytes applies.</summary>
    [Range(1, 2L * 1024 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Media types the chat accepts for a tip attachment.</summary>
    public List<string> AllowedUploadTypes { get; set; } = [];

    /// <summary>Megabytes of uploads one visitor may store per 24 hours (kept tips' files included).</summary>
    [Range(1, 100_000)]
    public long UploadMegabytesPerVisitorPerDay { get; set; } = 100;

    /// <summary>Megabytes of uploads one IP address may store per 24 hours, whatever the visitor ids.</summary>
    [Range(1, 1_000_000)]
    public long UploadMegabytesPerIpPerDay { get; set; } = 500;

    /// <summary>Stored chat messages older than this are deleted (a reopened page shows the rest).</summary>
    [Range(1, 3650)]
    public int MessageRetentionDays { get; set; } = 30;

    /// <summary>Messages a (re)opened chat page loads at most.</summary>
    [Range(1, 1000)]
    public int HistorySize { get; set; } = 100;

    public static IReadOnlyList<string> DefaultUploadTypes { get; } =
    [
        "image/jpeg", "image/png", "image/webp", "image/gif",
        "video/mp4", "audio/mpeg", "audio/ogg", "audio/mp4",
        "application/pdf", "text/plain",
        "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ];

    /// <summary>Configured types, or the defaults (the binder appends to a pre-filled list, so defaults are applied after binding).</summary>
    public IReadOnlyList<string> UploadTypes => AllowedUploadTypes.Count == 0 ? DefaultUploadTypes : AllowedUploadTypes;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < AllowedOrigins.Count; i++)
        {
            if (!Uri.TryCreate(AllowedOrigins[i], UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/" || uri.Query.Length > 0 || AllowedOrigins[i].TrimEnd('/').Length != uri.GetLeftPart(UriPartial.Authority).Length)
            {
                yield return new ValidationResult("must be an origin such as https://www.kemensos.go.id (no path)", [$"{nameof(AllowedOrigins)}:{i}"]);
            }
        }

        if (!string.IsNullOrEmpty(VisitorKey))
        {
            var bytes = new byte[VisitorKey.Length];
            if (!Convert.TryFromBase64String(VisitorKey, bytes, out var length) || length < 32)
            {
                yield return new ValidationResult("must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`), or empty", [nameof(VisitorKey)]);
            }
        }
    }
}

/// <summary>Generated at build time (no reflection at start) from the attributes and Validate above.</summary>
[OptionsValidator]
public sealed partial class WebOptionsValidator : IValidateOptions<WebOptions>;
