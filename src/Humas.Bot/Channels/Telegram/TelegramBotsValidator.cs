using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram;

/// <summary>
/// What no single <c>Institutions:N:Telegram</c> entry can say of itself, checked at start beside the generated
/// per-entry validator: one token serves one bot (two institutions with the same token, or an institution with the
/// national <c>Telegram:Token</c>, would share one update stream and one limit), a bot needs its institution's id
/// (it is the bot's webhook path and its readers' default), and in Webhook mode every bot needs its secret.
/// </summary>
internal sealed class TelegramBotsValidator(IOptions<TelegramOptions> telegram) : IValidateOptions<InstitutionChannelOptions<TelegramInstitutionSettings>>
{
    public ValidateOptionsResult Validate(string? name, InstitutionChannelOptions<TelegramInstitutionSettings> options)
    {
        var failures = new List<string>();
        var shared = telegram.Value;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        if (shared.Enabled)
        {
            seen[shared.Token] = ConfigurationKeys.Join(TelegramOptions.Section, nameof(TelegramOptions.Token));
        }

        foreach (var entry in options.Entries.Where(e => !string.IsNullOrEmpty(e.Settings.Token)))
        {
            var key = ConfigurationKeys.Join(entry.Key, nameof(TelegramInstitutionSettings.Token));
            if (seen.TryGetValue(entry.Settings.Token!, out var first))
            {
                failures.Add(ConfigurationKeys.Failure(key, $"is the same bot token as {first}; each bot serves one institution (or the national bot)."));
            }
            else
            {
                seen[entry.Settings.Token!] = key;
            }

            if (entry.Id.Length == 0)
            {
                failures.Add(ConfigurationKeys.Failure(key, "needs the institution's Id beside it: the bot's webhook path and its readers' default institution."));
            }

            if (shared.Mode == TelegramMode.Webhook && string.IsNullOrEmpty(entry.Settings.WebhookSecret))
            {
                failures.Add(ConfigurationKeys.Failure(ConfigurationKeys.Join(entry.Key, nameof(TelegramInstitutionSettings.WebhookSecret)), "is required when Telegram:Mode is Webhook."));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
