using System.ComponentModel.DataAnnotations;
using Humas.Bot.Host;
using Humas.Bot.Ingestion.Model;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Ingestion;

/// <summary>The root-level <c>Sources</c> list (the <c>Institutions</c> list is the Institutions part's).</summary>
public sealed class SourcesOptions : IValidatableObject
{
    // Not [ValidateEnumeratedItems]: Validate below names each element by its index, the generator only by member.
#pragma warning disable SYSLIB1213
    public List<SourceConfig> Sources { get; set; } = [];
#pragma warning restore SYSLIB1213

    /// <summary>
    /// The bundled demo feed, a source only while <c>Demo:Enabled</c> is true (in Development by
    /// appsettings.Development.json): a published build reads no demo feed. A configured source with its id wins.
    /// </summary>
    public static SourceConfig DemoSource => new()
    {
        Id = "demo",
        Institution = "kominfo",
        Name = "Berita Humas Pemerintah (demo)",
        Url = "file:Demo/berita-humas.xml",
        Kind = nameof(SourceKind.Rss),
        PollSeconds = 300,
        AnnounceExistingOnFirstPoll = true,
    };

    /// <summary>The list in time linear in its keys: thousands of sources are a normal configuration.</summary>
    public static void Bind(SourcesOptions options, IConfiguration configuration)
    {
        options.Sources = ConfigurationLists.Bind<SourceConfig>(configuration, nameof(Sources));
    }

    /// <summary>Each element by its own generated validator, named by its key ("Sources:0:Url"); linear in the list.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        NestedOptions.Each(nameof(Sources), Sources, new SourceConfigValidator());
}

public sealed class SourceConfig : IValidatableObject
{
    internal const string IdPattern = "^[a-z0-9][a-z0-9-]{0,63}$";

    [Required, RegularExpression(IdPattern, ErrorMessage = "use lower-case letters, digits and '-' (at most 64)")]
    public string Id { get; set; } = "";

    /// <summary>The institution id (see <c>Institutions</c>); one not known yet is created with its id as name.</summary>
    [Required, RegularExpression(IdPattern, ErrorMessage = "use lower-case letters, digits and '-' (at most 64)")]
    public string Institution { get; set; } = "";

    public string? Name { get; set; }

    [Required]
    public string Url { get; set; } = "";

    /// <summary>
    /// <c>Rss</c> (any feed format) or <c>Html</c>. Kept as text because the configuration binder silently
    /// drops a list element whose enum value does not convert; validating the text names the bad key.
    /// </summary>
    public string Kind { get; set; } = nameof(SourceKind.Rss);

    public SourceKind ParsedKind => Enum.Parse<SourceKind>(Kind, ignoreCase: true);

    [Range(10, 7 * 24 * 3600)]
    public int PollSeconds { get; set; } = 300;

    public string? Category { get; set; }

    public HtmlSelectors? Selectors { get; set; }

    /// <summary>Announce what the source already holds on its very first poll (the demo does; real sources must not).</summary>
    public bool AnnounceExistingOnFirstPoll { get; set; }

    public bool Enabled { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(Url)
            && !(Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "file")
            && !Url.StartsWith("file:", StringComparison.Ordinal))
        {
            yield return new ValidationResult("must be an absolute http, https or file: URL", [nameof(Url)]);
        }

        if (!Enum.TryParse<SourceKind>(Kind, ignoreCase: true, out var kind) || int.TryParse(Kind, out _))
        {
            yield return new ValidationResult("must be Rss or Html", [nameof(Kind)]);
        }
        else if (kind == SourceKind.Html && string.IsNullOrWhiteSpace(Selectors?.ItemLink))
        {
            yield return new ValidationResult("an Html source needs Selectors:ItemLink", [nameof(Selectors)]);
        }
    }
}

/// <summary>
/// Generated at build time (no reflection at start). The lists' elements are validated by
/// <see cref="SourcesOptions.Validate"/>, which names each by its index; the generator's own
/// [ValidateEnumeratedItems] would name only the member.
/// </summary>
[OptionsValidator]
public sealed partial class SourcesOptionsValidator : IValidateOptions<SourcesOptions>;

/// <summary>Generated at build time from the attributes above; used for each element by <see cref="SourcesOptions.Validate"/>.</summary>
[OptionsValidator]
public sealed partial class SourceConfigValidator : IValidateOptions<SourceConfig>;
