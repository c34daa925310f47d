using Humas.Bot.Localization;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Feedback;

/// <summary>
/// The five options in id order, with labels per language: built-in labels come from feedback.json,
/// configured labels are shown as the operator wrote them in every language.
/// </summary>
public sealed class ReactionCatalog
{
    private readonly ReactionOptions _options;
    private readonly ITexts _texts;

    public ReactionCatalog(IOptions<ReactionOptions> options, ITexts texts)
    {
        _options = options.Value;
        _texts = texts;
        Options = _options.Options.OrderBy(o => o.Id).Select(o => new ReactionOption(o.Id, o.Emoji, Label(o.Id, Languages.Indonesian))).ToList();
    }

    /// <summary>Indonesian labels, the default language.</summary>
    public IReadOnlyList<ReactionOption> Options { get; }

    public TimeSpan RefreshInterval => TimeSpan.FromSeconds(_options.RefreshSeconds);

    public string Label(int optionId, string? language)
    {
        var option = _options.Options.Single(o => o.Id == optionId);
        return _options.UsesDefaults ? _texts.Get($"feedback.option.{optionId}", language) : option.Label;
    }

    public IReadOnlyList<ReactionOption> OptionsIn(string? language) =>
        Options.Select(o => o with { Label = Label(o.Id, language) }).ToList();
}
