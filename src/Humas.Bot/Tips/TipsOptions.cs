using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tips;

/// <summary>Settings under <c>Tips</c>.</summary>
public sealed class TipsOptions : IValidatableObject
{
    public const string Section = "Tips";

    /// <summary>Tips an author may send per Jakarta calendar day.</summary>
    [Range(1, 1000)]
    public int MaxTipsPerDay { get; set; } = 10;

    [Range(1, 100)]
    public int MaxFilesPerTip { get; set; } = 10;

    /// <summary>20 MB: also what Telegram's getFile can download for a bot.</summary>
    [Range(1, 2L * 1024 * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Authors whose tips are refused, as "channel:user" (e.g. "telegram:12345").</summary>
    public List<string> BlockedAuthors { get; set; } = [];

    /// <summary>An unfinished tip untouched this long is dropped.</summary>
    [Range(1, 720)]
    public int DraftHours { get; set; } = 24;

    /// <summary>Attempts to fetch an attachment before it is marked failed.</summary>
    [Range(1, 50)]
    public int MaxFetchAttempts { get; set; } = 8;

    /// <summary>
    /// Messages sent without /usulan (a photo first, then words) are one tip once the sender has been quiet this
    /// long; each new message starts the wait again.
    /// </summary>
    [Range(5, 3600)]
    public int BundleQuietSeconds { get; set; } = 60;

    /// <summary>
    /// Whether a citizen's new tip (not a registered contributor's, whose institution is their invite's) first asks
    /// which institution it is for: <see cref="AskInstitutionMode.Auto"/> asks once any institution has an
    /// editors' chat of its own (the answer then decides who reads the tip), Always asks whenever there are two
    /// or more institutions, Never does not ask (citizens' tips are national). A tip written to an institution's own
    /// bot, number or app is never asked, in any mode: it is that institution's (<see cref="TipAuthor.Account"/>).
    /// </summary>
    public AskInstitutionMode AskInstitution { get; set; } = AskInstitutionMode.Auto;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < BlockedAuthors.Count; i++)
        {
            if (AuthorKey.TryParse(BlockedAuthors[i]) is null)
            {
                yield return new ValidationResult("must be \"channel:user\", e.g. \"telegram:12345\"", [$"{nameof(BlockedAuthors)}:{i}"]);
            }
        }
    }
}

public enum AskInstitutionMode
{
    Auto,
    Always,
    Never,
}

/// <summary>An author across channels: "telegram:12345".</summary>
public readonly record struct AuthorKey(string Channel, string User)
{
    public override string ToString() => $"{Channel}:{User}";

    public static AuthorKey Of(TipAuthor author) => new(author.Channel, author.UserExternalId);

    public static AuthorKey? TryParse(string? text)
    {
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1)
        {
            return null;
        }

        return new AuthorKey(text[..colon].Trim().ToLowerInvariant(), text[(colon + 1)..].Trim());
    }
}

/// <summary>Generated at build time (no reflection at start) from the attributes and Validate above.</summary>
[OptionsValidator]
public sealed partial class TipsOptionsValidator : IValidateOptions<TipsOptions>;
