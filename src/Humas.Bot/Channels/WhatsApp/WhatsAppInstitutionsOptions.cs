using System.ComponentModel.DataAnnotations;
using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// The WhatsApp part of each <c>Institutions:N</c> entry (<c>Institutions:N:WhatsApp:EditorsNumber</c>), read by
/// the WhatsApp adapter alone: the core's institution list knows no channel.
/// </summary>
public sealed class WhatsAppInstitutionsOptions : IValidatableObject
{
    // Not [ValidateEnumeratedItems]: Validate below names each element by its key ("Institutions:0:WhatsApp:..."),
    // the generator only by member.
#pragma warning disable SYSLIB1213
    public List<WhatsAppInstitution> Institutions { get; set; } = [];
#pragma warning restore SYSLIB1213

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        NestedOptions.Each(nameof(Institutions), Institutions, new WhatsAppInstitutionValidator());

    public static void Bind(WhatsAppInstitutionsOptions options, IConfiguration configuration) =>
        options.Institutions = ConfigurationLists.Bind<WhatsAppInstitution>(configuration, InstitutionsOptions.Section);
}

public sealed class WhatsAppInstitution : IValidatableObject
{
    public string Id { get; set; } = "";

    // Not [ValidateObjectMembers]: Validate below names it by its key, the generator only by member.
#pragma warning disable SYSLIB1212
    public WhatsAppInstitutionSettings? WhatsApp { get; set; }
#pragma warning restore SYSLIB1212

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        NestedOptions.One(nameof(WhatsApp), WhatsApp, new WhatsAppInstitutionSettingsValidator());
}

public sealed class WhatsAppInstitutionSettings
{
    /// <summary>The institution's editors' phone (wa_id); its tips go there instead of to <c>WhatsApp:EditorsNumber</c>.</summary>
    [RegularExpression(@"^\d{6,20}$", ErrorMessage = "must be a wa_id: digits only, with the country code.")]
    public string? EditorsNumber { get; set; }
}

/// <summary>Generated at build time; each institution and its settings by the validators below, named by key.</summary>
[OptionsValidator]
public sealed partial class WhatsAppInstitutionsOptionsValidator : IValidateOptions<WhatsAppInstitutionsOptions>;

/// <summary>Generated at build time; used for each institution by <see cref="WhatsAppInstitutionsOptions.Validate"/>.</summary>
[OptionsValidator]
public sealed partial class WhatsAppInstitutionValidator : IValidateOptions<WhatsAppInstitution>;

/// <summary>Generated at build time; used for an institution's own settings by <see cref="WhatsAppInstitution.Validate"/>.</summary>
[OptionsValidator]
public sealed partial class WhatsAppInstitutionSettingsValidator : IValidateOptions<WhatsAppInstitutionSettings>;
