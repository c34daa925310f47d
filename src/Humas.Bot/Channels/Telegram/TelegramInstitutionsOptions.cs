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
    // Not [ValidateEnumeratedItems]: Validate below names each element by its key ("Institutions:0:Telegram:..."),
    // the generator only by member.
#pragma warning disable SYSLIB1213
    public List<TelegramInstitution> Institutions { get; set; } = [];
#pragma warning restore SYSLIB1213

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        NestedOptions.Each(nameof(Institutions), Institutions, new TelegramInstitutionValidator());

    public static void Bind(TelegramInstitutionsOptions options, IConfiguration configuration) =>
        options.Institutions = ConfigurationLists.Bind<TelegramInstitution>(configuration, InstitutionsOptions.Section);

    /// <summary>The institutions that have Telegram settings of their own.</summary>
    public IEnumerable<(string Id, TelegramInstitutionSettings Telegram)> Configured =>
        Institutions.Where(i => i.Telegram is not null && i.Id.Length > 0).Select(i => (i.Id, i.Telegram!));
}

public sealed class TelegramInstitution : IValidatableObject
{
    public string Id { get; set; } = "";

    // Not [ValidateObjectMembers]: Validate below names it by its key, the generator only by member.
#pragma warning disable SYSLIB1212
    public TelegramInstitutionSettings? Telegram { get; set; }
#pragma warning restore SYSLIB1212

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        NestedOptions.One(nameof(Telegram), Telegram, new TelegramInstitutionSettingsValidator());
}

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

/// <summary>Generated at build time; each institution and its settings by the validators below, named by key.</summary>
[OptionsValidator]
public sealed partial class TelegramInstitutionsOptionsValidator : IValidateOptions<TelegramInstitutionsOptions>;

/// <summary>Generated at build time; used for each institution by <see cref="TelegramInstitutionsOptions.Validate"/>.</summary>
[OptionsValidator]
public sealed partial class TelegramInstitutionValidator : IValidateOptions<TelegramInstitution>;

/// <summary>Generated at build time; used for an institution's own settings by <see cref="TelegramInstitution.Validate"/>.</summary>
[OptionsValidator]
public sealed partial class TelegramInstitutionSettingsValidator : IValidateOptions<TelegramInstitutionSettings>;
