using System.ComponentModel.DataAnnotations;
using Humas.Bot.Host;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram;

/// <summary>
/// The Telegram part of each <c>Institutions:N</c> entry (<c>Institutions:N:Telegram:EditorsChatId</c>), read by
/// the Telegram adapter alone: the core's institution list knows no channel.
/// </summary>
public sealed class TelegramInstitutionsOptions : IValidatableObject
{
    public List<TelegramInstitution> Institutions { get; set; } = [];

    public static void Bind(TelegramInstitutionsOptions options, IConfiguration configuration) =>
        options.Institutions = ConfigurationLists.Bind<TelegramInstitution>(configuration, InstitutionsOptions.Section);

    /// <summary>The institutions that have Telegram settings of their own.</summary>
    public IEnumerable<(string Id, TelegramInstitutionSettings Telegram)> Configured =>
        Institutions.Where(i => i.Telegram is not null && i.Id.Length > 0).Select(i => (i.Id, i.Telegram!));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Institutions.Count; i++)
        {
            if (Institutions[i].Telegram is { EditorsChatId: 0 })
            {
                yield return new ValidationResult(
                    "must be a Telegram chat id (a group's is negative, e.g. -1001234567890).",
                    [$"{InstitutionsOptions.Section}:{i}:Telegram:{nameof(TelegramInstitutionSettings.EditorsChatId)}"]);
            }
        }
    }
}

public sealed class TelegramInstitution
{
    public string Id { get; set; } = "";

    public TelegramInstitutionSettings? Telegram { get; set; }
}

public sealed class TelegramInstitutionSettings
{
    /// <summary>The institution's editors' group; its tips go there instead of to <c>Telegram:EditorsChatId</c>.</summary>
    public long? EditorsChatId { get; set; }
}

/// <summary>Generated at build time from Validate above.</summary>
[OptionsValidator]
public sealed partial class TelegramInstitutionsOptionsValidator : IValidateOptions<TelegramInstitutionsOptions>;
