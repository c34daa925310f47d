using System.ComponentModel.DataAnnotations;
using Humas.Bot.Host;
using Humas.Bot.Institutions;

namespace Humas.Bot.Channels.Teams;

/// <summary>
/// The Teams part of each <c>Institutions:N</c> entry (<c>Institutions:N:Teams:EditorsConversationId</c>), read by
/// the Teams adapter alone: the core's institution list knows no channel.
/// </summary>
public sealed class TeamsInstitutionsOptions
{
    public List<TeamsInstitution> Institutions { get; set; } = [];

    public static void Bind(TeamsInstitutionsOptions options, IConfiguration configuration) =>
        options.Institutions = ConfigurationLists.Bind<TeamsInstitution>(configuration, InstitutionsOptions.Section);
}

public sealed class TeamsInstitution
{
    public string Id { get; set; } = "";

    public TeamsInstitutionSettings? Teams { get; set; }
}

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
