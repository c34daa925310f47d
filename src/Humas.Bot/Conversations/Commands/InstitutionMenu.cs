using Humas.Bot.Delivery.Channels;
using Humas.Bot.Institutions;
using Humas.Bot.Localization;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Conversations.Commands;

/// <summary>
/// The readers' institution menu, for every channel: "all news" and the institutions as ✅ toggles, a page at a
/// time with ◀ ▶, narrowed by a part of a name ("/langganan sosial", or in a private chat just "sosial"). The
/// paging, search and buttons are <see cref="InstitutionPicker"/>'s, shared with the tip flow's question; the
/// page and the search text travel in the buttons' data, which stays within 64 bytes (Telegram's callback_data).
/// </summary>
public sealed class InstitutionMenu(InstitutionPicker picker, SubscriptionService subscriptions, ITexts texts)
{
    public const int PageSize = InstitutionPicker.PageSize;

    public const int MaxActionBytes = 64;

    /// <summary>Toggles, pages and the search prompt of this menu.</summary>
    public static readonly PickerActions Actions = new(SubscriptionActions.Institution, "sub:p:", "sub:s", MaxActionBytes);

    /// <summary>"sub:p:{page}" or "sub:p:{page}:{search}", the search cut so the whole fits <see cref="MaxActionBytes"/>.</summary>
    public static string PageAction(int page, string? search) => InstitutionPicker.PageAction(Actions, page, search);

    /// <summary>Paging and the search prompt: buttons that only show the menu, so anyone in a group may press them.</summary>
    public static bool IsBrowseAction(string action) => action.StartsWith(Actions.Page, StringComparison.Ordinal) || action == Actions.Search;

    public async Task<ChatReply> BrowseAsync(string action, long conversationId, string lang, CancellationToken ct)
    {
        if (action == Actions.Search)
        {
            return ChatReply.Plain(texts.Get("commands.subscribe.searchprompt", lang, CommandCatalog.Word(CommandName.Subscribe, lang)));
        }

        InstitutionPicker.TryReadPage(Actions, action, out var page, out var search);
        return await ShowAsync(conversationId, search, page, lang, ct);
    }

    /// <summary>One page of the menu, of every institution or of those matching <paramref name="search"/>.</summary>
    public async Task<ChatReply> ShowAsync(long conversationId, string? search, int page, string lang, CancellationToken ct)
    {
        search = InstitutionDirectory.Normalize(search);
        var found = await picker.PageAsync(search, page, ct);
        return await RenderAsync(conversationId, search, found, lang, ct);
    }

    /// <summary>
    /// A reader's free text in a private chat read as a search: the matching institutions' menu, or null when the
    /// text does not look like a name or nothing matches (the caller then says what the bot can do).
    /// </summary>
    public async Task<ChatReply?> FindAsync(long conversationId, string text, string lang, CancellationToken ct)
    {
        if (InstitutionPicker.AsSearch(text) is not { } search)
        {
            return null;
        }

        var found = await picker.PageAsync(search, 0, ct);
        return found.Total == 0 ? null : await RenderAsync(conversationId, search, found, lang, ct);
    }

    /// <summary>"/langganan xyz" that names no institution: the matches if any, else "not found" and the whole menu.</summary>
    public async Task<IReadOnlyList<ChatReply>> SearchOrUnknownAsync(long conversationId, string argument, string lang, CancellationToken ct)
    {
        var search = InstitutionDirectory.Normalize(argument);
        var found = await picker.PageAsync(search, 0, ct);
        return found.Total > 0
            ? [await RenderAsync(conversationId, search, found, lang, ct)]
            : [ChatReply.Plain(texts.Get("commands.subscribe.unknown", lang, argument.Trim())), await ShowAsync(conversationId, null, 0, lang, ct)];
    }

    private async Task<ChatReply> RenderAsync(long conversationId, string search, InstitutionPage found, string lang, CancellationToken ct)
    {
        var current = await subscriptions.ListAsync(conversationId, ct);
        var rows = new List<IReadOnlyList<MessageButton>>();
        if (search.Length == 0 && found.Page == 0)
        {
            rows.Add([new MessageButton(Check(current.Any(s => s.Target == SubscriptionTarget.All)) + texts.Get("common.all_news", lang), SubscriptionActions.All)]);
        }

        var on = current.Where(s => s.Target == SubscriptionTarget.Institution).Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
        rows.AddRange(picker.Rows(found, search, Actions, i => Check(on.Contains(i.Id)) + i.Name, lang)
            .Select(row => (IReadOnlyList<MessageButton>)row.Select(b => new MessageButton(b.Label, b.Action)).ToList()));
        var heading = search.Length == 0
            ? texts.Get("commands.subscribe.menu", lang)
            : texts.Get("commands.subscribe.results", lang, search, found.Total);
        return new ChatReply(heading + picker.PageLine(found, lang), rows);
    }

    private static string Check(bool on) => on ? "✅ " : "";
}
