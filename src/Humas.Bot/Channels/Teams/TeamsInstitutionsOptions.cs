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
    // Not [ValidateEnumeratedItems]: Validate below names each element by its key ("Institutions:0:Teams:..."),
    // the generator only by member.
#pragma warning disable SYSLIB1213
    public List<TeamsInstitution> Institutions { get; set; } = [];
#pragma warning restore SYSLIB1213

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        NestedOptions.Each(nameof(Institutions), Institutions, new TeamsInstitutionValidator());

    public static void Bind(TeamsInstitutionsOptions options, IConfiguration configuration) =>
        options.Institutions = ConfigurationLists.Bind<TeamsInstitution>(configuration, InstitutionsOptions.Section);
}

public sealed class TeamsInstitution : IValidatableObject
{
    public string Id { get; set; } = "";

    // Not [ValidateObjectMembers]: Validate below names it by its key, the generator only by member.
#pragma warning disable SYSLIB1212
    public TeamsInstitutionSettings? Teams { get; set; }
#pragma warning restore SYSLIB1212

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        NestedOptions.One(nameof(Teams), Teams, new TeamsInstitutionSettingsValidator());
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

/// <summary>Generated at build time; each institution and its settings by the validators below, named by key.</summary>
[OptionsValidator]
public sealed partial class TeamsInstitutionsOptionsValidator : IValidateOptions<TeamsInstitutionsOptions>;

/// <summary>Generated at build time; used for each institution by <see cref="TeamsInstitutionsOptions.Validate"/>.</summary>
[OptionsValidator]
public sealed partial class TeamsInstitutionValidator : IValidateOptions<TeamsInstitution>;

/// <summary>Generated at build time; used for an institution's own settings by <see cref="TeamsInstitution.Validate"/>.</summary>
[OptionsValidator]
public sealed partial class TeamsInstitutionSettingsValidator : IValidateOptions<TeamsInstitutionSettings>;
