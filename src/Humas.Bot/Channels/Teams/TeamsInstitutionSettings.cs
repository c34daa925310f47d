using System.ComponentModel.DataAnnotations;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams;

/// <summary>
/// The Teams part of an <c>Institutions:N</c> entry (<c>Institutions:N:Teams:EditorsConversationId</c>, and the institution's own
/// app: <c>:AppId</c>, <c>:AppPassword</c>, <c>:TenantId</c>), read by the Teams adapter alone through
/// <see cref="InstitutionChannelOptions{TSettings}"/>: the core's institution list knows no channel. What concerns several
/// entries at once (an app id used twice, an app without the national section) is checked by <see cref="TeamsAppsValidator"/>.
/// </summary>
public sealed class TeamsInstitutionSettings : IValidatableObject
{
    /// <summary>The institution's editors' Teams channel (19:…@thread.tacv2); its tips go there instead of to <c>Teams:EditorsConversationId</c>.</summary>
    [MaxLength(500)]
    public string? EditorsConversationId { get; set; }

    /// <summary>That channel's serviceUrl; <c>Teams:EditorsServiceUrl</c> (then <c>Teams:DefaultServiceUrl</c>) when empty.</summary>
    public string? EditorsServiceUrl { get; set; }

    /// <summary>
    /// The Microsoft App ID of the institution's own Azure Bot, beside the national <c>Teams:AppId</c>: its messaging
    /// endpoint is <c>/api/messages/{institution id}</c>, readers who install it follow the institution, and it sends with
    /// its own token and limits. Empty = none.
    /// </summary>
    [MaxLength(100)]
    public string? AppId { get; set; }

    /// <summary>That app's client secret; required with <see cref="AppId"/>. A secret: never logged.</summary>
    public string? AppPassword { get; set; }

    /// <summary>The Entra tenant of that app when it is single-tenant in another tenant than the national one; empty = <c>Teams:TenantId</c>.</summary>
    [MaxLength(100)]
    public string? TenantId { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(EditorsServiceUrl) && TeamsOptions.UrlProblem(EditorsServiceUrl) is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(EditorsServiceUrl)]);
        }
    }
}

/// <summary>Generated at build time; used for each institution's settings by <see cref="InstitutionChannelOptions{TSettings}"/>.</summary>
[OptionsValidator]
public sealed partial class TeamsInstitutionSettingsValidator : IValidateOptions<TeamsInstitutionSettings>;
