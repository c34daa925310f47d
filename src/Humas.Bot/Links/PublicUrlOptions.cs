using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Links;

/// <summary>
/// The root key <c>PublicUrl</c>: the service's public base address (https://bot.kominfo.go.id), for every link it
/// builds for readers. Empty falls back to <c>Telegram:PublicUrl</c>; with neither, links go straight to the articles
/// and no click is counted.
/// </summary>
public sealed class PublicUrlOptions : IValidatableObject
{
    public string? PublicUrl { get; set; }

    /// <summary>The base without a trailing slash, or null when the service has no public address.</summary>
    public string? BaseUrl => string.IsNullOrWhiteSpace(PublicUrl) ? null : PublicUrl.Trim().TrimEnd('/');

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Query.Length > 0 || uri.Fragment.Length > 0))
        {
            yield return new ValidationResult("must be an absolute http or https URL without a query, e.g. https://bot.kominfo.go.id", [nameof(PublicUrl)]);
        }
    }
}

/// <summary>Generated at build time from Validate above (no reflection at start).</summary>
[OptionsValidator]
public sealed partial class PublicUrlOptionsValidator : IValidateOptions<PublicUrlOptions>;
