using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.RegularExpressions;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// <c>WhatsApp</c> section: the Cloud API number, its secrets and its limits. An empty
/// <see cref="PhoneNumberId"/> turns WhatsApp off (logged once at start; the webhook answers 404). The access
/// token and the app secret are never logged.
/// </summary>
public sealed class WhatsAppOptions : IValidatableObject, IChannelStartupFacts
{
    public const string Section = "WhatsApp";

    /// <summary>The business phone number's id in Meta's Business Manager (not the phone number itself).</summary>
    public string PhoneNumberId { get; set; } = "";

    /// <summary>A system user's permanent token with whatsapp_business_messaging. A secret.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>The Meta app's secret: the HMAC-SHA256 key of X-Hub-Signature-256. A secret.</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>The token Meta sends back in the webhook verification handshake (chosen by the operator).</summary>
    public string VerifyToken { get; set; } = "";

    /// <summary>The Graph API host; plain http only for loopback (the tests' fake Cloud API).</summary>
    public string ApiBaseUrl { get; set; } = "https://graph.facebook.com";

    /// <summary>The Graph API version of every call; never taken from code.</summary>
    [RegularExpression(@"^v\d{1,3}\.\d{1,3}$", ErrorMessage = "must look like v23.0.")]
    public string ApiVersion { get; set; } = "v23.0";

    /// <summary>
    /// An approved template (language <c>id</c>, and <c>en</c> beside it) whose body takes the article's title as
    /// its one parameter and whose five quick-reply buttons are the five reactions in option order. Empty: no
    /// article reaches a reader outside the 24-hour window (those deliveries give up with the reason).
    /// </summary>
    public string ArticleTemplate { get; set; } = "";

    /// <summary>True only when the approved template has an IMAGE header; Meta rejects parameters a template does not declare.</summary>
    public bool ArticleTemplateImageHeader { get; set; }

    /// <summary>An editors' phone (wa_id, digits only) told about new tips; empty = the dashboard only.</summary>
    [RegularExpression(@"^\d{6,20}$", ErrorMessage = "must be a wa_id: digits only, with the country code.")]
    public string? EditorsNumber { get; set; }

    /// <summary>The number's throughput: 80 messages/s by default, up to 1,000 once Meta upgrades the number.</summary>
    [Range(1, 1000)]
    public int MessagesPerSecond { get; set; } = 80;

    /// <summary>
    /// Messages to one reader per minute on average. Meta's pair rate is about one per 6 s with bursts borrowed
    /// from later; 10 per minute keeps that average, and a conversation may use three minutes' worth at once
    /// (<see cref="WhatsAppRateLimits"/>), so a reply follows an article and a tip's questions follow each other at once.
    /// </summary>
    [Range(1, 60)]
    public int PerReaderPerMinute { get; set; } = 10;

    /// <summary>
    /// The national number's business portfolio's messaging tier (an institution's number in a portfolio of its own has
    /// that portfolio's, <c>Institutions:N:WhatsApp:MessagingTier</c>): how many distinct readers may be reached outside their 24-hour
    /// window (templates) in any rolling 24 hours. Meta's tiers are 250, 2,000, 10,000, 100,000 and unlimited
    /// (<see cref="UnlimitedTier"/>, 0); set the one Business Manager shows. 250, the tier a new number starts at,
    /// by default. Deliveries beyond it wait for a slot; they are not dropped.
    /// </summary>
    [Range(0, MaxMessagingTier)]
    public int MessagingTier { get; set; } = DefaultMessagingTier;

    public const int UnlimitedTier = 0;

    public const int DefaultMessagingTier = 250;

    /// <summary>The largest tier accepted (here and for an institution's portfolio, <c>Institutions:N:WhatsApp:MessagingTier</c>).</summary>
    public const int MaxMessagingTier = 100_000_000;

    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How long a refused token (190) pauses a number before one call tries it again: short, so sends resume soon after
    /// the operator's fix; long enough that a dead token costs one refused call per pause.
    /// </summary>
    [Range(5, 3600)]
    public int TokenRetrySeconds { get; set; } = 60;

    /// <summary>Largest webhook body accepted; Meta batches at most a few KB per change.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxWebhookBytes { get; set; } = 512 * 1024;

    public bool Enabled => PhoneNumberId.Length > 0;

    string IChannelStartupFacts.ChannelName => Section;

    string IChannelStartupFacts.OnFacts =>
        $"number {PhoneNumberId}, Graph API {ApiVersion} at {ApiBaseUrl}, {MessagesPerSecond} messages/s, article template "
        + (ArticleTemplate.Length > 0 ? ArticleTemplate : "(none: no articles outside the 24-hour window)");

    string IChannelStartupFacts.OffFacts => "WhatsApp:PhoneNumberId is empty, /api/whatsapp/webhook answers 404";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UrlProblem(ApiBaseUrl) is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(ApiBaseUrl)]);
        }

        if (!Enabled)
        {
            yield break;
        }

        if (!PhoneNumberId.All(char.IsAsciiDigit))
        {
            yield return new ValidationResult("must be the number's id: digits only.", [nameof(PhoneNumberId)]);
        }

        foreach (var (name, value) in new[] { (nameof(AccessToken), AccessToken), (nameof(AppSecret), AppSecret), (nameof(VerifyToken), VerifyToken) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return new ValidationResult("is required when WhatsApp:PhoneNumberId is set.", [name]);
            }
        }

        if (ArticleTemplate.Length > 0 && !Regex.IsMatch(ArticleTemplate, WhatsAppInstitutionSettings.TemplateNamePattern))
        {
            yield return new ValidationResult("must be a template name: lower-case letters, digits and _.", [nameof(ArticleTemplate)]);
        }
    }

    /// <summary>https anywhere; http only for loopback hosts (the tests' fake Cloud API).</summary>
    public static string? UrlProblem(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return "must be an absolute URL.";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        return uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri) ? null : "must be https (plain http is accepted only for loopback addresses).";
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

/// <summary>Generated at build time (no reflection at start) from the attributes and Validate above.</summary>
[OptionsValidator]
public sealed partial class WhatsAppOptionsValidator : IValidateOptions<WhatsAppOptions>;
