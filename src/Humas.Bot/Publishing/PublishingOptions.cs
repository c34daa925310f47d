using System.ComponentModel.DataAnnotations;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Publishing;

/// <summary>
/// <c>Publishing</c> section: keys a CMS presents in <c>X-Api-Key</c>. <c>ApiKeys</c> are national (any institution,
/// national items); each of <c>Keys</c> publishes only as its institutions. All empty (and none made in the
/// dashboard) turns the API off.
/// </summary>
public sealed class PublishingOptions : IValidatableObject
{
    public const string Section = "Publishing";

    public List<string> ApiKeys { get; set; } = [];

    // Not [ValidateEnumeratedItems]: Validate below names each element by its index ("Keys:0:Key"), the generator only by member.
#pragma warning disable SYSLIB1213
    public List<InstitutionKey> Keys { get; set; } = [];
#pragma warning restore SYSLIB1213

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var all = ApiKeys.Concat(Keys.Select(k => k.Key)).Where(k => k.Length > 0).ToList();
        if (all.Count != all.Distinct(StringComparer.Ordinal).Count())
        {
            yield return new ValidationResult("a key is listed twice (each key has one meaning)", [nameof(Keys)]);
        }

        foreach (var result in NestedOptions.Each(nameof(Keys), Keys, new InstitutionKeyValidator()))
        {
            yield return result;
        }
    }
}

/// <summary>One of <c>Publishing:Keys</c>: a key and the institutions it may publish as.</summary>
public sealed class InstitutionKey
{
    /// <summary>At least 16 characters: it is a password a CMS holds.</summary>
    [Required, MinLength(16)]
    public string Key { get; set; } = "";

    /// <summary>At least one: a key for every institution belongs in <c>Publishing:ApiKeys</c>.</summary>
    [Required, MinLength(1, ErrorMessage = "name at least one institution (national keys go in Publishing:ApiKeys)")]
    public List<string> Institutions { get; set; } = [];
}

/// <summary>Generated at build time (no reflection at start) from the attributes and Validate above.</summary>
[OptionsValidator]
public sealed partial class PublishingOptionsValidator : IValidateOptions<PublishingOptions>;

/// <summary>Generated at build time; used for each key by <see cref="PublishingOptions.Validate"/>.</summary>
[OptionsValidator]
public sealed partial class InstitutionKeyValidator : IValidateOptions<InstitutionKey>;
