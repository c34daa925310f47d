using System.ComponentModel.DataAnnotations;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// The WhatsApp part of an <c>Institutions:N</c> entry (<c>Institutions:N:WhatsApp:EditorsNumber</c>, <c>:PhoneNumberId</c>,
/// <c>:AccessToken</c>), read by the WhatsApp adapter alone through <see cref="InstitutionChannelOptions{TSettings}"/>:
/// the core's institution list knows no channel. What concerns several entries at once (a number id used twice, a
/// number without the national section) is checked by <see cref="WhatsAppNumbersValidator"/>.
/// </summary>
public sealed class WhatsAppInstitutionSettings
{
    /// <summary>A wa_id: digits only, with the country code, 6 to 20 of them.</summary>
    public const string WaIdPattern = @"^\d{6,20}$";

    /// <summary>The institution's editors' phone (wa_id); its tips go there instead of to <c>WhatsApp:EditorsNumber</c>.</summary>
    [RegularExpression(WaIdPattern, ErrorMessage = "must be a wa_id: digits only, with the country code.")]
    public string? EditorsNumber { get; set; }

    /// <summary>
    /// The institution's own business number's id (Business Manager), beside the national <c>WhatsApp:PhoneNumberId</c>:
    /// readers who write to it follow the institution by default, and it sends within its own limits. Its webhooks come
    /// to the one <c>/api/whatsapp/webhook</c> of the Meta app (signed with <c>WhatsApp:AppSecret</c>). Empty = none.
    /// </summary>
    [RegularExpression(@"^\d{1,32}$", ErrorMessage = "must be the number's id: digits only.")]
    public string? PhoneNumberId { get; set; }

    /// <summary>
    /// A token that may send from that number, when the national <c>WhatsApp:AccessToken</c> may not (the number is in
    /// another business or app). Empty = the national token. A secret: never logged.
    /// </summary>
    public string? AccessToken { get; set; }
}

/// <summary>Generated at build time; used for each institution's settings by <see cref="InstitutionChannelOptions{TSettings}"/>.</summary>
[OptionsValidator]
public sealed partial class WhatsAppInstitutionSettingsValidator : IValidateOptions<WhatsAppInstitutionSettings>;
