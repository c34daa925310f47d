using System.ComponentModel.DataAnnotations;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// The WhatsApp part of an <c>Institutions:N</c> entry (<c>Institutions:N:WhatsApp:EditorsNumber</c>), read by the WhatsApp adapter
/// alone through <see cref="InstitutionChannelOptions{TSettings}"/>: the core's institution list knows no channel.
/// </summary>
public sealed class WhatsAppInstitutionSettings
{
    /// <summary>A wa_id: digits only, with the country code, 6 to 20 of them.</summary>
    public const string WaIdPattern = @"^\d{6,20}$";

    /// <summary>The institution's editors' phone (wa_id); its tips go there instead of to <c>WhatsApp:EditorsNumber</c>.</summary>
    [RegularExpression(WaIdPattern, ErrorMessage = "must be a wa_id: digits only, with the country code.")]
    public string? EditorsNumber { get; set; }
}

/// <summary>Generated at build time; used for each institution's settings by <see cref="InstitutionChannelOptions{TSettings}"/>.</summary>
[OptionsValidator]
public sealed partial class WhatsAppInstitutionSettingsValidator : IValidateOptions<WhatsAppInstitutionSettings>;
