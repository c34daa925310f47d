using Humas.Bot.Institutions;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tips.Flow;

/// <summary>
/// "Which institution is this tip for?", asked first of a citizen on a shared bot (<see cref="TipsOptions.AskInstitution"/>);
/// never on an institution's own bot, number or Teams app (<see cref="TipAuthor.Account"/>), whose tips are that institution's:
/// the institutions a page at a time with a search, the readers' own picker (<see cref="InstitutionPicker"/>).
/// A registered contributor is never asked: their tip belongs to the institution of their invite code's unit.
/// The pick, the pages and the search travel in the buttons' actions; typed text is read as a search.
/// </summary>
public sealed class TipInstitutionQuestion(
    InstitutionPicker picker,
    InstitutionDirectory directory,
    IEnumerable<IInstitutionEditorsChats> editorsChats,
    IOptions<TipsOptions> options,
    ITexts texts)
{
    /// <summary>The picker's actions inside a tip button; the channel adds "t:" around them within Telegram's 64 bytes.</summary>
    public static readonly PickerActions Actions = new("in:", "ip:", "is", 62);

    /// <summary>
    /// What a new tip of <paramref name="author"/> starts with: asked, or not asked and for this institution (null: national,
    /// or a registered contributor's, whose invite unit decides at submission).
    /// </summary>
    public async Task<(bool Ask, string? InstitutionId)> StartAsync(HumasDbContext db, TipAuthor author, CancellationToken ct)
    {
        if (await db.Set<TipContributor>().AnyAsync(c => c.Channel == author.Channel && c.UserExternalId == author.UserExternalId, ct))
        {
            return (false, null);
        }

        // Before the mode: the citizen chose the institution by writing to its own bot or number, so even Never
        // (which only means "do not ask") leaves the tip that institution's rather than making it national.
        if (await OwnAccountAsync(author, ct) is { } own)
        {
            return (false, own);
        }

        var mode = options.Value.AskInstitution;
        if (mode == AskInstitutionMode.Never || (mode == AskInstitutionMode.Auto && !editorsChats.Any(c => c.HasInstitutionChats)))
        {
            return (false, null);
        }

        var first = await picker.PageAsync(null, 0, ct);
        return first.Total switch
        {
            0 => (false, null),
            1 => (false, first.Items[0].Id),
            _ => (true, null),
        };
    }

    /// <summary>
    /// The institution whose own bot or number the author wrote to, when it exists and is enabled; null on the national
    /// one, or for an account naming an institution removed or disabled since (the tip is then asked for as anywhere).
    /// </summary>
    public async Task<string?> OwnAccountAsync(TipAuthor author, CancellationToken ct) =>
        author.Account.Length > 0
        && await directory.FindAsync(author.Account, includeDisabled: false, ct) is { } institution
        && institution.Id == author.Account
            ? institution.Id
            : null;

    /// <summary>The question with the first page of institutions (or of those matching <paramref name="search"/>).</summary>
    public async Task<TipReply> AskAsync(string? search, int page, TipButton cancel, string lang, CancellationToken ct)
    {
        search = InstitutionDirectory.Normalize(search);
        var found = await picker.PageAsync(search, page, ct);
        var heading = search.Length == 0
            ? texts.Get("tips.ask_institution", lang)
            : texts.Get("tips.institution_results", lang, search, found.Total);
        var rows = picker.Rows(found, search, Actions, i => i.Name, lang)
            .Select(row => (IReadOnlyList<TipButton>)row.Select(b => new TipButton(b.Action, b.Label)).ToList())
            .ToList();
        return new TipReply(heading + picker.PageLine(found, lang), [cancel]) { Rows = rows };
    }

    /// <summary>
    /// One input at the question: the institution picked (its id, when it exists and is enabled), or what to show
    /// instead (another page, the matches of typed text, the question again).
    /// </summary>
    public async Task<(InstitutionEntry? Chosen, IReadOnlyList<TipReply> Replies)> AnswerAsync(TipInput input, TipButton cancel, CancellationToken ct)
    {
        var lang = input.Author.Language;
        switch (input)
        {
            case TipAction { Action: var action } when action.StartsWith(Actions.Pick, StringComparison.Ordinal):
                if (await directory.FindAsync(action[Actions.Pick.Length..], includeDisabled: false, ct) is { } chosen
                    && chosen.Id == action[Actions.Pick.Length..])
                {
                    return (chosen, []);
                }

                return (null, [await AskAsync(null, 0, cancel, lang, ct)]);
            case TipAction { Action: var action } when InstitutionPicker.TryReadPage(Actions, action, out var page, out var search):
                return (null, [await AskAsync(search, page, cancel, lang, ct)]);
            case TipAction { Action: var action } when action == Actions.Search:
                return (null, [new TipReply(texts.Get("tips.institution_type", lang), [cancel])]);
            case TipText { Text: var text } when InstitutionPicker.AsSearch(text) is { } search:
                var matches = await picker.PageAsync(search, 0, ct);
                return matches.Total > 0
                    ? (null, [await AskAsync(search, 0, cancel, lang, ct)])
                    : (null, [new TipReply(texts.Get("tips.institution_none", lang, search), []), await AskAsync(null, 0, cancel, lang, ct)]);
            default:
                return (null, [await AskAsync(null, 0, cancel, lang, ct)]);
        }
    }
}
