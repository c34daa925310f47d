using System.ComponentModel.DataAnnotations;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Institutions;

/// <summary>
/// The root-level <c>Institutions</c> list: the institutions seeded into the database at start. Once a national
/// admin edits one in the dashboard, the database's version wins (see <see cref="InstitutionCatalog"/>).
/// </summary>
public sealed class InstitutionsOptions : IValidatableObject
{
    public const string Section = "Institutions";

    // Not [ValidateEnumeratedItems]: Validate below names each element by its index ("Institutions:0:Id"), the
    // generator only by member.
#pragma warning disable SYSLIB1213
    public List<InstitutionConfig> Institutions { get; set; } = [];
#pragma warning restore SYSLIB1213

    /// <summary>The list in time linear in its keys (hundreds of institutions in a national deployment).</summary>
    public static void Bind(InstitutionsOptions options, IConfiguration configuration) =>
        options.Institutions = ConfigurationLists.Bind<InstitutionConfig>(configuration, Section);

    /// <summary>Each element by its own generated validator, named by its key ("Institutions:0:Id").</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        NestedOptions.Each(Section, Institutions, new InstitutionConfigValidator());

    /// <summary>Null when the list is consistent, else the reason naming the key.</summary>
    public string? Problem()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var hosts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Institutions.Count; i++)
        {
            var institution = Institutions[i];
            if (!ids.Add(institution.Id))
            {
                return $"Institutions:{i}:Id: '{institution.Id}' is listed twice";
            }

            foreach (var host in institution.Hosts.Select(InstitutionHost.Normalize))
            {
                if (hosts.TryGetValue(host, out var owner) && owner != institution.Id)
                {
                    return $"Institutions:{i}:Hosts: '{host}' already belongs to '{owner}'";
                }

                hosts[host] = institution.Id;
            }
        }

        return null;
    }

    /// <summary>Ids and hosts unique across the list, each failure naming its key.</summary>
    internal sealed class Consistency : IValidateOptions<InstitutionsOptions>
    {
        public ValidateOptionsResult Validate(string? name, InstitutionsOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}

public sealed class InstitutionConfig : IValidatableObject
{
    /// <summary>Lower-case letters, digits and '-', at most 64: the id in URLs, callback data and configuration.</summary>
    public const string IdPattern = "^[a-z0-9][a-z0-9-]{0,63}$";

    [Required, RegularExpression(IdPattern, ErrorMessage = "use lower-case letters, digits and '-' (at most 64)")]
    public string Id { get; set; } = "";

    [Required, MaxLength(200)]
    public string Name { get; set; } = "";

    /// <summary>Web hosts of the institution; an article whose link is on one of them belongs to it.</summary>
    public List<string> Hosts { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var host in Hosts)
        {
            if (!InstitutionRules.IsHost(host))
            {
                yield return new ValidationResult($"'{host}' is not a host name", [nameof(Hosts)]);
            }
        }
    }
}

/// <summary>Generated at build time (no reflection at start); the elements are validated by <see cref="InstitutionsOptions.Validate"/>.</summary>
[OptionsValidator]
public sealed partial class InstitutionsOptionsValidator : IValidateOptions<InstitutionsOptions>;

/// <summary>Generated at build time; used for each institution by <see cref="InstitutionsOptions.Validate"/>.</summary>
[OptionsValidator]
public sealed partial class InstitutionConfigValidator : IValidateOptions<InstitutionConfig>;
