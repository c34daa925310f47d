using System.ComponentModel.DataAnnotations;
using Humas.Bot.Host;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Feedback;

/// <summary>One configured reaction: a stable id (1..5), the emoji on the button and a short label.</summary>
public sealed class ReactionOptionSetting
{
    [Range(1, 5)]
    public int Id { get; set; }

    [Required, MaxLength(16)]
    public string Emoji { get; set; } = "";

    /// <summary>At most 32 characters so five buttons still fit one row on a phone.</summary>
    [Required, MaxLength(32)]
    public string Label { get; set; } = "";
}

/// <summary>
/// Section <c>Reactions</c>. <see cref="Options"/> starts empty and gets the defaults after binding: the
/// configuration binder appends to a pre-filled list, so defaults there would turn five configured options
/// into ten.
/// </summary>
public sealed class ReactionOptions : IValidatableObject
{
    public const string Section = "Reactions";
    public const int Count = 5;

    // Not [ValidateEnumeratedItems]: Validate below names each option by its index, the generator only by member.
#pragma warning disable SYSLIB1213
    public List<ReactionOptionSetting> Options { get; set; } = [];
#pragma warning restore SYSLIB1213

    /// <summary>At most one counter refresh per delivered message per this many seconds.</summary>
    [Range(1, 3600)]
    public int RefreshSeconds { get; set; } = 10;

    /// <summary>True when <see cref="Options"/> are the built-in ones, whose labels are translated; configured labels are used as written.</summary>
    internal bool UsesDefaults { get; set; }

    /// <summary>
    /// The defaults, chosen for readers of government news: a clear positive and negative at the ends, "useful"
    /// because a ministry's announcement is often information rather than something to like, a neutral middle,
    /// and "worried" because policy news (prices, disasters, regulations) often concerns readers without
    /// being disliked. English wording is in Localization/Texts/feedback.json.
    /// </summary>
    public static IReadOnlyList<ReactionOptionSetting> Defaults { get; } =
    [
        new() { Id = 1, Emoji = "👍", Label = "Suka" },
        new() { Id = 2, Emoji = "👏", Label = "Bermanfaat" },
        new() { Id = 3, Emoji = "😐", Label = "Biasa saja" },
        new() { Id = 4, Emoji = "😟", Label = "Khawatir" },
        new() { Id = 5, Emoji = "👎", Label = "Tidak suka" },
    ];

    public void ApplyDefaults()
    {
        if (Options.Count == 0)
        {
            Options = Defaults.Select(d => new ReactionOptionSetting { Id = d.Id, Emoji = d.Emoji, Label = d.Label }).ToList();
            UsesDefaults = true;
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var failure in NestedOptions.Each(nameof(Options), Options, new ReactionOptionSettingValidator()))
        {
            yield return failure;
        }

        if (Options.Count != Count)
        {
            yield return new ValidationResult($"exactly {Count} options are required, found {Options.Count}", [nameof(Options)]);
            yield break;
        }

        var ids = Options.Select(o => o.Id).Order().ToList();
        if (!ids.SequenceEqual(Enumerable.Range(1, Count)))
        {
            yield return new ValidationResult($"ids must be 1..{Count}, each once; found {string.Join(", ", Options.Select(o => o.Id))}", [nameof(Options)]);
        }
    }
}

/// <summary>Generated at build time (no reflection at start) from the attributes and Validate above, which names each option by its key ("Reactions:Options:2:Label").</summary>
[OptionsValidator]
public sealed partial class ReactionOptionsValidator : IValidateOptions<ReactionOptions>;

/// <summary>Generated at build time; used for each option by <see cref="ReactionOptions.Validate"/>.</summary>
[OptionsValidator]
public sealed partial class ReactionOptionSettingValidator : IValidateOptions<ReactionOptionSetting>;
