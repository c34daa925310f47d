using System.ComponentModel.DataAnnotations;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams;

/// <summary>
/// The Teams part of an <c>Institutions:N</c> entry (<c>Institutions:N:Teams:EditorsConversationId</c>), read by the Teams adapter
/// alone through <see cref="InstitutionChannelOptions{TSettings}"/>: the core's institution list knows no channel.
/// </summary>
public sealed class TeamsInstitutionSettings : IValidatableObject
{
    /// <summary>The institution's editors' Teams channel (19:…@thread.tacv2); its tips go there instead of to <c>Teams:EditorsConversationId</c>.</summary>
    [MaxLength(500)]
    public string? EditorsConversationId { get; set; }

    /// <summary>That channel's serviceUrl; <c>Teams:EditorsServiceUrl</c> (then <c>Teams:DefaultServiceUrl</c>) when empty.</summary>
    public string? EditorsServiceUrl { get; set; }

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
