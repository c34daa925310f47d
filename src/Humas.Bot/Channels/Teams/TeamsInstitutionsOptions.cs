using System.ComponentModel.DataAnnotations;
using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams;

/// <summary>
/// The Teams part of each <c>Institutions:N</c> entry (<c>Institutions:N:Teams:EditorsConversationId</c>), read by
/// the Teams adapter alone: the core's institution list knows no channel.
/// </summary>
public sealed class TeamsInstitutionsOptions : IValidatableObject
{
    public List<TeamsInstitution> Institutions { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Institutions.Count; i++)
        {
            var key = $"{InstitutionsOptions.Section}:{i}:Teams:";
            if (Institutions[i].Teams is not { } teams)
            {
                continue;
            }

            if (teams.EditorsConversationId is { Length: > 500 })
            {
                yield return new ValidationResult("must be at most 500 characters.", [key + nameof(TeamsInstitutionSettings.EditorsConversationId)]);
            }

            if (!string.IsNullOrEmpty(teams.EditorsServiceUrl) && TeamsOptions.UrlProblem(teams.EditorsServiceUrl) is { } problem)
            {
                yield return new ValidationResult(problem, [key + nameof(TeamsInstitutionSettings.EditorsServiceUrl)]);
            }
        }
    }

    public static void Bind(TeamsInstitutionsOptions options, IConfiguration configuration) =>
        options.Institutions = ConfigurationLists.Bind<TeamsInstitution>(configuration, InstitutionsOptions.Section);
}

public sealed class TeamsInstitution
{
    public string Id { get; set; } = "";

    public TeamsInstitutionSettings? Teams { get; set; }
}

public sealed class TeamsInstitutionSettings
{
    /// <summary>The institution's editors' Teams channel (19:…@thread.tacv2); its tips go there instead of to <c>Teams:EditorsConversationId</c>.</summary>
    public string? EditorsConversationId { get; set; }

    /// <summary>That channel's serviceUrl; <c>Teams:EditorsServiceUrl</c> (then <c>Teams:DefaultServiceUrl</c>) when empty.</summary>
    public string? EditorsServiceUrl { get; set; }
}

/// <summary>Generated at build time from Validate above.</summary>
[OptionsValidator]
public sealed partial class TeamsInstitutionsOptionsValidator : IValidateOptions<TeamsInstitutionsOptions>;
