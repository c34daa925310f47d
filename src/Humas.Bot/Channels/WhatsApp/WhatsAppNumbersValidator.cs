using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// What no single <c>Institutions:N:WhatsApp</c> entry can say of itself, checked at start beside the generated
/// per-entry validator: one number serves one institution (two institutions with the same number id, or an
/// institution with the national <c>WhatsApp:PhoneNumberId</c>, would share one conversation space and one limit, and
/// its webhooks could not say whose they are), a number needs its institution's id (its readers' default), and an
/// institution's number needs the national section (the webhook, the app secret, the verify token and the Graph host
/// are its). A token, limits or a template without a number are a mistake too. The checks Telegram's bots share are <see cref="InstitutionCredentials"/>.
/// </summary>
internal sealed class WhatsAppNumbersValidator(IOptions<WhatsAppOptions> whatsApp) : IValidateOptions<InstitutionChannelOptions<WhatsAppInstitutionSettings>>
{
    public ValidateOptionsResult Validate(string? name, InstitutionChannelOptions<WhatsAppInstitutionSettings> options)
    {
        var shared = whatsApp.Value;
        return InstitutionCredentials.Validate(options, new InstitutionCredentials.Rules<WhatsAppInstitutionSettings>
        {
            Credential = s => s.PhoneNumberId,
            CredentialMember = nameof(WhatsAppInstitutionSettings.PhoneNumberId),
            National = shared.Enabled ? (shared.PhoneNumberId, ConfigurationKeys.Join(WhatsAppOptions.Section, nameof(WhatsAppOptions.PhoneNumberId))) : null,
            Duplicate = first => $"is the same number as {first}; each number serves one institution (or the national one).",
            NeedsId = "needs the institution's Id beside it: the number's readers follow that institution.",
            Also = (_, key) => shared.Enabled
                ? []
                : [ConfigurationKeys.Failure(key, "needs WhatsApp:PhoneNumberId (the national number) too: the webhook, its app secret and verify token are the national section's.")],
            Without = entry =>
            [
                .. string.IsNullOrEmpty(entry.Settings.AccessToken)
                    ? []
                    : new[] { ConfigurationKeys.Failure(ConfigurationKeys.Join(entry.Key, nameof(WhatsAppInstitutionSettings.AccessToken)), "needs the number it sends from: set PhoneNumberId beside it.") },
                .. entry.Settings.NumberValuesSet().Select(member =>
                    ConfigurationKeys.Failure(ConfigurationKeys.Join(entry.Key, member), "is the institution's own number's: set PhoneNumberId beside it, or remove it.")),
            ],
        });
    }
}
