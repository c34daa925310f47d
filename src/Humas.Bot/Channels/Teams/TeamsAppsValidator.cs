using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams;

/// <summary>
/// What no single <c>Institutions:N:Teams</c> entry can say of itself, checked at start beside the generated per-entry
/// validator: one app serves one institution (two institutions with the same app id, or an institution with the national
/// <c>Teams:AppId</c>, would accept each other's tokens and share one limit), an app needs its institution's id (its
/// endpoint's path and its readers' default), its secret, and the national section (the signing keys, the token endpoint
/// and the Connector settings are its). A secret or tenant without an app is a mistake too. The checks Telegram's bots
/// and WhatsApp's numbers share are <see cref="InstitutionCredentials"/>.
/// </summary>
internal sealed class TeamsAppsValidator(IOptions<TeamsOptions> teams) : IValidateOptions<InstitutionChannelOptions<TeamsInstitutionSettings>>
{
    public ValidateOptionsResult Validate(string? name, InstitutionChannelOptions<TeamsInstitutionSettings> options)
    {
        var shared = teams.Value;
        return InstitutionCredentials.Validate(options, new InstitutionCredentials.Rules<TeamsInstitutionSettings>
        {
            Credential = s => s.AppId,
            CredentialMember = nameof(TeamsInstitutionSettings.AppId),
            NationalKey = ConfigurationKeys.Join(TeamsOptions.Section, nameof(TeamsOptions.AppId)),
            National = shared.Enabled ? shared.AppId : null,
            Duplicate = first => $"is the same app as {first}; each app serves one institution (or the national one).",
            NeedsId = "needs the institution's Id beside it: the app's messaging endpoint is /api/messages/{Id} and its readers follow that institution.",
            NeedsNational = ("the national app", "the signing keys, the token endpoint and the Connector settings are the Teams section's."),
            Also = entry => string.IsNullOrEmpty(entry.Settings.AppPassword)
                ? [ConfigurationKeys.Failure(ConfigurationKeys.Join(entry.Key, nameof(TeamsInstitutionSettings.AppPassword)), "is required with AppId (the app's client secret).")]
                : [],
            Without = entry =>
            [
                .. string.IsNullOrEmpty(entry.Settings.AppPassword)
                    ? []
                    : new[] { ConfigurationKeys.Failure(ConfigurationKeys.Join(entry.Key, nameof(TeamsInstitutionSettings.AppPassword)), "needs the app it belongs to: set AppId beside it.") },
                .. string.IsNullOrEmpty(entry.Settings.TenantId)
                    ? []
                    : new[] { ConfigurationKeys.Failure(ConfigurationKeys.Join(entry.Key, nameof(TeamsInstitutionSettings.TenantId)), "is the institution's own app's tenant: set AppId beside it, or remove it.") },
            ],
        });
    }
}
