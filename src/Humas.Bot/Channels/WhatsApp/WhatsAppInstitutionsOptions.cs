using System.ComponentModel.DataAnnotations;
using Humas.Bot.Host;
using Humas.Bot.Institutions;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// The WhatsApp part of each <c>Institutions:N</c> entry (<c>Institutions:N:WhatsApp:EditorsNumber</c>), read by
/// the WhatsApp adapter alone: the core's institution list knows no channel.
/// </summary>
public sealed class WhatsAppInstitutionsOptions
{
    public List<WhatsAppInstitution> Institutions { get; set; } = [];

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
    [RegularExpression(@"^\d{6,20}$", ErrorMessage = "must be a wa_id: digits only, with the country code.")]
    public string? EditorsNumber { get; set; }
}
