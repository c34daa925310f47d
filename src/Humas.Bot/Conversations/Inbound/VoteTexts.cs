using System.Globalization;
using Humas.Bot.Feedback;
using Humas.Bot.Localization;

namespace Humas.Bot.Conversations.Inbound;

/// <summary>The toast that acknowledges a reaction press, for the press's real outcome or the one foreseen on arrival.</summary>
public sealed class VoteTexts(IReactionService reactions, ReactionCatalog catalog, ITexts texts)
{
    public string Outcome(VoteResult? result, int pressed, string lang) => result switch
    {
        null => texts.Get("feedback.unknown_article", lang),
        // A press counted before (handled again) or a web page's choice that was already so, with no vote left.
        { Change: VoteChange.Withdrawn } or { Change: VoteChange.Unchanged, CurrentOptionId: null } => texts.Get("feedback.withdrawn", lang),
        { Change: VoteChange.Switched } => Chosen("feedback.switched", result.CurrentOptionId ?? pressed, lang),
        _ => Chosen("feedback.added", result.CurrentOptionId ?? pressed, lang),
    };

    /// <summary>What pressing <paramref name="pressed"/> does to the reader's stored vote <paramref name="current"/> (a press toggles).</summary>
    public string Foreseen(int? current, int pressed, string lang) =>
        current == pressed ? texts.Get("feedback.withdrawn", lang)
        : current is not null ? Chosen("feedback.switched", pressed, lang)
        : Chosen("feedback.added", pressed, lang);

    /// <summary>The vote was not stored within the answer's budget: the option pressed, "noted".</summary>
    public string Noted(int pressed, string lang) => Chosen("feedback.noted", pressed, lang);

    public string Get(string key, string lang) => texts.Get(key, lang);

    /// <summary>The option's label in the reader's language (configured labels are used as written).</summary>
    private string Chosen(string key, int optionId, string lang) =>
        texts.Get(key, lang, reactions.Options.FirstOrDefault(o => o.Id == optionId) is { } option
            ? $"{option.Emoji} {catalog.Label(option.Id, lang)}"
            : optionId.ToString(CultureInfo.InvariantCulture));
}
