using System.Globalization;
using System.Text;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Institutions;
using Humas.Bot.Localization;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Conversations.Commands;

/// <summary>
/// The readers' institution menu, for every channel: "all news" and the institutions as ✅ toggles, a page at a
/// time with ◀ ▶, narrowed by a part of a name ("/langganan sosial", or in a private chat just "sosial").
/// Stateless: the page and the search text travel in the buttons' data, which stays within 64 bytes
/// (Telegram's callback_data), so a menu pressed hours later still shows what it said.
/// </summary>
public sealed class InstitutionMenu(InstitutionDirectory directory, SubscriptionService subscriptions, ITexts texts)
{
    /// <summary>Institutions per page: with "all news" and the two button rows below, a menu fits a phone's screen.</summary>
    public const int PageSize = 8;

    /// <summary>A shorter free text is a word, not a search ("ya", "ok").</summary>
    public const int MinSearchLength = 3;

    /// <summary>A longer free text is a message, not a search.</summary>
    public const int MaxSearchLength = 60;

    public const int MaxActionBytes = 64;

    private const string PagePrefix = "sub:p:";
    private const string SearchAction = "sub:s";

    /// <summary>"sub:p:{page}" or "sub:p:{page}:{search}", the search cut so the whole fits <see cref="MaxActionBytes"/>.</summary>
    public static string PageAction(int page, string? search)
    {
        var head = PagePrefix + page.ToString(CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(search))
        {
            return head;
        }

        var room = MaxActionBytes - head.Length - 1;
        var cut = search;
        while (Encoding.UTF8.GetByteCount(cut) > room)
        {
            cut = cut[..^1];
        }

        return cut.Length == 0 ? head : head + ":" + cut;
    }

    /// <summary>Paging and the search prompt: buttons that only show the menu, so anyone in a group may press them.</summary>
    public static bool IsBrowseAction(string action) => action.StartsWith(PagePrefix, StringComparison.Ordinal) || action == SearchAction;

    public async Task<ChatReply> BrowseAsync(string action, long conversationId, string lang, CancellationToken ct)
    {
        if (action == SearchAction)
        {
            return ChatReply.Plain(texts.Get("commands.subscribe.searchprompt", lang, CommandCatalog.Word(CommandName.Subscribe, lang)));
        }

        var rest = action[PagePrefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var pageText = colon < 0 ? rest : rest[..colon];
        var search = colon < 0 ? null : rest[(colon + 1)..];
        var page = int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        return await ShowAsync(conversationId, search, page, lang, ct);
    }

    /// <summary>One page of the menu, of every institution or of those matching <paramref name="search"/>.</summary>
    public async Task<ChatReply> ShowAsync(long conversationId, string? search, int page, string lang, CancellationToken ct)
    {
        search = InstitutionDirectory.Normalize(search);
        var found = await directory.PageAsync(search, page, PageSize, includeDisabled: false, ct);
        return await RenderAsync(conversationId, search, found, lang, ct);
    }

    /// <summary>
    /// A reader's free text in a private chat read as a search: the matching institutions' menu, or null when the
    /// text does not look like a name or nothing matches (the caller then says what the bot can do).
    /// </summary>
    public async Task<ChatReply?> FindAsync(long conversationId, string text, string lang, CancellationToken ct)
    {
        var search = InstitutionDirectory.Normalize(text);
        if (search.Length is < MinSearchLength or > MaxSearchLength || text.Contains('\n', StringComparison.Ordinal))
        {
            return null;
        }

        var found = await directory.PageAsync(search, 0, PageSize, includeDisabled: false, ct);
        return found.Total == 0 ? null : await RenderAsync(conversationId, search, found, lang, ct);
    }

    /// <summary>"/langganan xyz" that names no institution: the matches if any, else "not found" and the whole menu.</summary>
    public async Task<IReadOnlyList<ChatReply>> SearchOrUnknownAsync(long conversationId, string argument, string lang, CancellationToken ct)
    {
        var search = InstitutionDirectory.Normalize(argument);
        var found = await directory.PageAsync(search, 0, PageSize, includeDisabled: false, ct);
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

        foreach (var institution in found.Items.Where(i => SubscriptionActions.Fits(i.Id)))
        {
            var on = current.Any(s => s.Target == SubscriptionTarget.Institution && s.Value == institution.Id);
            rows.Add([new MessageButton(Check(on) + institution.Name, SubscriptionActions.Institution + institution.Id)]);
        }

        var paging = new List<MessageButton>();
        if (found.HasPrevious)
        {
            paging.Add(new MessageButton(texts.Get("commands.subscribe.previous", lang), PageAction(found.Page - 1, search)));
        }

        if (found.HasNext)
        {
            paging.Add(new MessageButton(texts.Get("commands.subscribe.next", lang), PageAction(found.Page + 1, search)));
        }

        if (paging.Count > 0)
        {
            rows.Add(paging);
        }

        rows.Add([new MessageButton(texts.Get("commands.subscribe.searchbutton", lang), SearchAction)]);
        var heading = search.Length == 0
            ? texts.Get("commands.subscribe.menu", lang)
            : texts.Get("commands.subscribe.results", lang, search, found.Total);
        var pageLine = found.PageCount > 1 ? "\n" + texts.Get("commands.subscribe.page", lang, found.Page + 1, found.PageCount) : "";
        return new ChatReply(heading + pageLine, rows);
    }

    private static string Check(bool on) => on ? "✅ " : "";
}
