using System.ComponentModel.DataAnnotations;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram;

/// <summary>
/// The Telegram part of an <c>Institutions:N</c> entry (<c>Institutions:N:Telegram:EditorsChatId</c>), read by the Telegram adapter
/// alone through <see cref="InstitutionChannelOptions{TSettings}"/>: the core's institution list knows no channel.
/// </summary>
public sealed class TelegramInstitutionSettings : IValidatableObject
{
    /// <summary>The institution's editors' group; its tips go there instead of to <c>Telegram:EditorsChatId</c>.</summary>
    public long? EditorsChatId { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EditorsChatId == 0)
        {
            yield return new ValidationResult("must be a Telegram chat id (a group's is negative, e.g. -1001234567890).", [nameof(EditorsChatId)]);
        }
    }
}

/// <summary>Generated at build time; used for each institution's settings by <see cref="InstitutionChannelOptions{TSettings}"/>.</summary>
[OptionsValidator]
public sealed partial class TelegramInstitutionSettingsValidator : IValidateOptions<TelegramInstitutionSettings>;
