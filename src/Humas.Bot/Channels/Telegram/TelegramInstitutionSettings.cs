using System.ComponentModel.DataAnnotations;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram;

/// <summary>
/// The Telegram part of an <c>Institutions:N</c> entry (<c>Institutions:N:Telegram:EditorsChatId</c>, <c>:Token</c>,
/// <c>:WebhookSecret</c>), read by the Telegram adapter alone through <see cref="InstitutionChannelOptions{TSettings}"/>:
/// the core's institution list knows no channel. What concerns several entries at once (a token used twice, a
/// secret missing in Webhook mode) is checked by <see cref="TelegramBotsValidator"/>.
/// </summary>
public sealed class TelegramInstitutionSettings : IValidatableObject
{
    /// <summary>The institution's editors' group; its tips go there instead of to <c>Telegram:EditorsChatId</c>.</summary>
    public long? EditorsChatId { get; set; }

    /// <summary>
    /// The institution's own bot (from @BotFather), beside the shared national one: its readers follow the institution
    /// by default, and it sends within its own limits. A secret: never logged. Empty = the institution has no bot of its own.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>Its webhook's X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -); required in Webhook mode.</summary>
    public string? WebhookSecret { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EditorsChatId == 0)
        {
            yield return new ValidationResult("must be a Telegram chat id (a group's is negative, e.g. -1001234567890).", [nameof(EditorsChatId)]);
        }

        // The message never echoes the token itself.
        if (!string.IsNullOrEmpty(Token) && !TelegramOptions.TokenShape().IsMatch(Token))
        {
            yield return new ValidationResult("must look like 123456:ABC-def (digits, a colon, then letters, digits, _ or -).", [nameof(Token)]);
        }

        if (!string.IsNullOrEmpty(WebhookSecret) && !TelegramOptions.SecretShape().IsMatch(WebhookSecret))
        {
            yield return new ValidationResult("must be 1-256 characters of A-Z a-z 0-9 _ -.", [nameof(WebhookSecret)]);
        }
    }
}

/// <summary>Generated at build time; used for each institution's settings by <see cref="InstitutionChannelOptions{TSettings}"/>.</summary>
[OptionsValidator]
public sealed partial class TelegramInstitutionSettingsValidator : IValidateOptions<TelegramInstitutionSettings>;
