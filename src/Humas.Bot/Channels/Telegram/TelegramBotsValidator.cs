using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram;

/// <summary>
/// What no single <c>Institutions:N:Telegram</c> entry can say of itself, checked at start beside the generated
/// per-entry validator: one token serves one bot (two institutions with the same token, or an institution with the
/// national <c>Telegram:Token</c>, would share one update stream and one limit), a bot needs its institution's id
/// (it is the bot's webhook path and its readers' default), and in Webhook mode every bot needs its secret. The checks
/// WhatsApp's numbers share are <see cref="InstitutionCredentials"/>.
/// </summary>
internal sealed class TelegramBotsValidator(IOptions<TelegramOptions> telegram) : IValidateOptions<InstitutionChannelOptions<TelegramInstitutionSettings>>
{
    public ValidateOptionsResult Validate(string? name, InstitutionChannelOptions<TelegramInstitutionSettings> options)
    {
        var shared = telegram.Value;
        return InstitutionCredentials.Validate(options, new InstitutionCredentials.Rules<TelegramInstitutionSettings>
        {
            Credential = s => s.Token,
            CredentialMember = nameof(TelegramInstitutionSettings.Token),
            NationalKey = ConfigurationKeys.Join(TelegramOptions.Section, nameof(TelegramOptions.Token)),
            National = shared.Enabled ? shared.Token : null,
            // No NeedsNational: a bot's token is all it needs (its webhook path, polling and limits are its own), so an
            // institution's bot runs while the national bot is off.
            Duplicate = first => $"is the same bot token as {first}; each bot serves one institution (or the national bot).",
            NeedsId = "needs the institution's Id beside it: the bot's webhook path and its readers' default institution.",
            Also = entry => shared.Mode == TelegramMode.Webhook && string.IsNullOrEmpty(entry.Settings.WebhookSecret)
                ? [ConfigurationKeys.Failure(ConfigurationKeys.Join(entry.Key, nameof(TelegramInstitutionSettings.WebhookSecret)), "is required when Telegram:Mode is Webhook.")]
                : [],
        });
    }
}
