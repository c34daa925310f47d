using System.ComponentModel.DataAnnotations;
using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// The WhatsApp part of each <c>Institutions:N</c> entry (<c>Institutions:N:WhatsApp:EditorsNumber</c>), read by
/// the WhatsApp adapter alone: the core's institution list knows no channel.
/// </summary>
public sealed partial class WhatsAppInstitutionsOptions : IValidatableObject
{
    public List<WhatsAppInstitution> Institutions { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Institutions.Count; i++)
        {
            if (Institutions[i].WhatsApp?.EditorsNumber is { Length: > 0 } number && !WaId().IsMatch(number))
            {
                yield return new ValidationResult(
                    "must be a wa_id: digits only, with the country code.",
                    [$"{InstitutionsOptions.Section}:{i}:WhatsApp:{nameof(WhatsAppInstitutionSettings.EditorsNumber)}"]);
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{6,20}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex WaId();

    public static void Bind(WhatsAppInstitutionsOptions options, IConfiguration configuration) =>
        options.Institutions = ConfigurationLists.Bind<WhatsAppInstitution>(configuration, InstitutionsOptions.Section);
}

public sealed class WhatsAppInstitution
{
    public string Id { get; set; } = "";

    public WhatsAppInstitutionSettings? WhatsApp { get; set; }
}

public sealed class WhatsAppInstitutionSettings
{
    /// <summary>The institution's editors' phone (wa_id); its tips go there instead of to <c>WhatsApp:EditorsNumber</c>.</summary>
    public string? EditorsNumber { get; set; }
}

/// <summary>Generated at build time from Validate above.</summary>
[OptionsValidator]
public sealed partial class WhatsAppInstitutionsOptionsValidator : IValidateOptions<WhatsAppInstitutionsOptions>;
