using System.Globalization;
using System.Text;
using Humas.Bot.Localization;

namespace Humas.Bot.Institutions;

/// <summary>A button of an institution picker: what it shows and the action it sends back.</summary>
public sealed record PickerButton(string Label, string Action);

/// <summary>
/// The actions a picker's buttons send back, under its owner's prefixes so presses come back to the owner:
/// <paramref name="Pick"/> + institution id, <paramref name="Page"/> + "{page}[:{search}]", <paramref name="Search"/>.
/// <paramref name="MaxBytes"/> is what the whole action may take (Telegram's callback_data: 64 bytes, less any
/// prefix the caller adds around it).
/// </summary>
public sealed record PickerActions(string Pick, string Page, string Search, int MaxBytes);

/// <summary>
/// Choosing an institution in a chat, on every channel: the institutions a page at a time with ◀ ▶ and a search
/// button, narrowed by a part of a name typed by the reader. Stateless: the page and the search text travel in
/// the buttons' actions, so a menu pressed hours later still shows what it said. The readers' subscription menu
/// and the tip flow's "which institution is it for" both render through this one piece.
/// </summary>
public sealed class InstitutionPicker(InstitutionDirectory directory, ITexts texts)
{
    /// <summary>Institutions per page: with the two button rows below, a menu fits a phone's screen.</summary>
    public const int PageSize = 8;

    /// <summary>A shorter free text is a word, not a search ("ya", "ok").</summary>
    public const int MinSearchLength = 3;

    /// <summary>A longer free text is a message, not a search.</summary>
    public const int MaxSearchLength = 60;

    /// <summary>"{Page}{page}" or "{Page}{page}:{search}", the search cut so the whole fits <see cref="PickerActions.MaxBytes"/>.</summary>
    public static string PageAction(PickerActions actions, int page, string? search)
    {
        var head = actions.Page + page.ToString(CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(search))
        {
            return head;
        }

        var room = actions.MaxBytes - Encoding.UTF8.GetByteCount(head) - 1;
        var cut = search;
        while (Encoding.UTF8.GetByteCount(cut) > room)
        {
            cut = cut[..^1];
        }

        return cut.Length == 0 ? head : head + ":" + cut;
    }

    /// <summary>Reads a <see cref="PageAction"/> back; false for any other action.</summary>
    public static bool TryReadPage(PickerActions actions, string action, out int page, out string? search)
    {
        page = 0;
        search = null;
        if (!action.StartsWith(actions.Page, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = action[actions.Page.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var pageText = colon < 0 ? rest : rest[..colon];
        search = colon < 0 ? null : rest[(colon + 1)..];
        page = int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        return true;
    }

    /// <summary>True when a pick of <paramref name="institutionId"/> fits the action's room (longer ids are not offered).</summary>
    public static bool Fits(PickerActions actions, string institutionId) =>
        Encoding.UTF8.GetByteCount(actions.Pick + institutionId) <= actions.MaxBytes;

    /// <summary>A reader's free text as a search, or null when it does not look like part of a name (too short, too long, several lines).</summary>
    public static string? AsSearch(string text)
    {
        var search = InstitutionDirectory.Normalize(text);
        return search.Length is < MinSearchLength or > MaxSearchLength || text.Contains('\n', StringComparison.Ordinal) ? null : search;
    }

    /// <summary>One page of the enabled institutions, of all or of those matching <paramref name="search"/>.</summary>
    public Task<InstitutionPage> PageAsync(string? search, int page, CancellationToken ct) =>
        directory.PageAsync(InstitutionDirectory.Normalize(search), page, PageSize, includeDisabled: false, ct);

    /// <summary>The buttons of a page: one row per institution (labelled by <paramref name="label"/>), ◀ ▶, then the search button.</summary>
    public List<IReadOnlyList<PickerButton>> Rows(InstitutionPage found, string? search, PickerActions actions, Func<InstitutionEntry, string> label, string lang)
    {
        var rows = new List<IReadOnlyList<PickerButton>>();
        foreach (var institution in found.Items.Where(i => Fits(actions, i.Id)))
        {
            rows.Add([new PickerButton(label(institution), actions.Pick + institution.Id)]);
        }

        var paging = new List<PickerButton>();
        if (found.HasPrevious)
        {
            paging.Add(new PickerButton(texts.Get("commands.subscribe.previous", lang), PageAction(actions, found.Page - 1, search)));
        }

        if (found.HasNext)
        {
            paging.Add(new PickerButton(texts.Get("commands.subscribe.next", lang), PageAction(actions, found.Page + 1, search)));
        }

        if (paging.Count > 0)
        {
            rows.Add(paging);
        }

        rows.Add([new PickerButton(texts.Get("commands.subscribe.searchbutton", lang), actions.Search)]);
        return rows;
    }

    /// <summary>"Page 2 of 5" on a line of its own when there are several pages; empty otherwise.</summary>
    public string PageLine(InstitutionPage found, string lang) =>
        found.PageCount > 1 ? "\n" + texts.Get("commands.subscribe.page", lang, found.Page + 1, found.PageCount) : "";
}
