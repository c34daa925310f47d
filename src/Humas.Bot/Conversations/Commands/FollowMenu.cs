using System.Text;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Localization;
using Humas.Bot.Search;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Conversations.Commands;

/// <summary>
/// Keywords and categories a reader follows, beside institutions: <c>/ikuti kata</c> (<c>/follow</c>) adds a word
/// or phrase (several separated by commas), <c>/berhenti_ikuti kata</c> (<c>/unfollow</c>) removes one, either
/// alone lists them with a ✖ button each; the topics menu toggles categories. Limits in <see cref="FollowedKeyword"/>.
/// Stateless like the other menus: a button's data carries the keyword or category it acts on.
/// </summary>
public sealed class FollowMenu(SubscriptionService subscriptions, IDbContextFactory<HumasDbContext> factory, ITexts texts, TimeProvider time)
{
    /// <summary>Shows the list of followed keywords and categories.</summary>
    public const string ListAction = "sub:f";

    /// <summary>Shows the categories as toggles.</summary>
    public const string TopicsAction = "sub:t";

    private const string KeywordPrefix = "sub:k:";
    private const string CategoryPrefix = "sub:c:";

    /// <summary>Categories the topics menu offers: the most used of the last <see cref="TopicsWindow"/>, plus any followed.</summary>
    public const int MaxTopics = 20;

    public static readonly TimeSpan TopicsWindow = TimeSpan.FromDays(90);

    /// <summary>Showing a list changes nothing, so anyone in a group may press these.</summary>
    public static bool IsBrowseAction(string action) => action is ListAction or TopicsAction;

    public static bool IsChangeAction(string action) =>
        action.StartsWith(KeywordPrefix, StringComparison.Ordinal) || action.StartsWith(CategoryPrefix, StringComparison.Ordinal);

    public Task<ChatReply> BrowseAsync(string action, long conversationId, string lang, CancellationToken ct) =>
        action == TopicsAction ? TopicsAsync(conversationId, lang, ct) : ShowAsync(conversationId, lang, ct);

    /// <summary>"sub:k:{keyword}" stops following a keyword; "sub:c:{category}" turns a category on or off.</summary>
    public async Task<ChatReply> ApplyAsync(string action, long conversationId, string lang, CancellationToken ct)
    {
        if (action.StartsWith(KeywordPrefix, StringComparison.Ordinal))
        {
            await subscriptions.UnsubscribeAsync(conversationId, SubscriptionTarget.Keyword, action[KeywordPrefix.Length..], ct);
            return await ShowAsync(conversationId, lang, ct);
        }

        var category = action[CategoryPrefix.Length..];
        // Categories are told apart without regard to case (two sources may spell one "Ekonomi" and "ekonomi").
        var followed = (await subscriptions.ListAsync(conversationId, ct))
            .FirstOrDefault(s => s.Target == SubscriptionTarget.Category && string.Equals(s.Value, category, StringComparison.OrdinalIgnoreCase));
        if (followed is not null)
        {
            await subscriptions.UnsubscribeAsync(conversationId, SubscriptionTarget.Category, followed.Value, ct);
        }
        else if (await IsCategoryAsync(category, ct))
        {
            await subscriptions.SubscribeAsync(conversationId, SubscriptionTarget.Category, category, ct);
            await subscriptions.ReactivateAsync(conversationId, ct);
        }

        return await TopicsAsync(conversationId, lang, ct);
    }

    /// <summary><c>/ikuti kata[, kata…]</c>: follows each, within the limits, and says what happened to each.</summary>
    public async Task<ChatReply> FollowAsync(string argument, long conversationId, string lang, CancellationToken ct)
    {
        var parts = argument.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => TextWords.Split(p).Any()).ToList();
        if (parts.Count == 0)
        {
            // "/ikuti" alone, or nothing but punctuation: the list and how to add to it.
            return await ShowAsync(conversationId, lang, ct);
        }

        var lines = new List<string>();
        var followed = new HashSet<string>((await subscriptions.ListAsync(conversationId, ct))
            .Where(s => s.Target == SubscriptionTarget.Keyword).Select(s => s.Value), StringComparer.Ordinal);
        var count = followed.Count;
        var added = false;
        // Bounded so a pasted list cannot make a reply longer than a message may be.
        foreach (var part in parts.Take(FollowedKeyword.MaxPerConversation + 1))
        {
            var keyword = FollowedKeyword.Normalize(part);
            if (keyword is null)
            {
                lines.Add(texts.Get("commands.follow.toolong", lang, Clip(part), FollowedKeyword.MaxLength));
                continue;
            }

            if (followed.Contains(keyword))
            {
                lines.Add(texts.Get("commands.follow.already", lang, keyword));
            }
            else if (count >= FollowedKeyword.MaxPerConversation)
            {
                lines.Add(texts.Get("commands.follow.limit", lang, FollowedKeyword.MaxPerConversation, CommandCatalog.Word(CommandName.Unfollow, lang)));
                break;
            }
            else
            {
                await subscriptions.SubscribeAsync(conversationId, SubscriptionTarget.Keyword, keyword, ct);
                followed.Add(keyword);
                count++;
                added = true;
                lines.Add(texts.Get("commands.follow.added", lang, keyword));
            }
        }

        if (added)
        {
            // Like subscribing to an institution: a reader who had stopped everything receives again.
            await subscriptions.ReactivateAsync(conversationId, ct);
        }

        return new ChatReply(string.Join("\n", lines), [[new MessageButton(texts.Get("commands.follow.listbutton", lang), ListAction)]]);
    }

    /// <summary><c>/berhenti_ikuti kata</c>: stops following a keyword, or a followed category of that name.</summary>
    public async Task<ChatReply> UnfollowAsync(string argument, long conversationId, string lang, CancellationToken ct)
    {
        var keyword = FollowedKeyword.Normalize(argument);
        if (argument.Trim().Length == 0)
        {
            return await ShowAsync(conversationId, lang, ct);
        }

        var removed = keyword is not null && await subscriptions.UnsubscribeAsync(conversationId, SubscriptionTarget.Keyword, keyword, ct) > 0;
        if (!removed)
        {
            var category = (await subscriptions.ListAsync(conversationId, ct))
                .FirstOrDefault(s => s.Target == SubscriptionTarget.Category && string.Equals(s.Value, argument.Trim(), StringComparison.OrdinalIgnoreCase));
            removed = category is not null && await subscriptions.UnsubscribeAsync(conversationId, SubscriptionTarget.Category, category.Value, ct) > 0;
        }

        var shown = keyword ?? Clip(argument.Trim());
        return new ChatReply(
            texts.Get(removed ? "commands.follow.removed" : "commands.follow.notfollowed", lang, shown),
            [[new MessageButton(texts.Get("commands.follow.listbutton", lang), ListAction)]]);
    }

    /// <summary>The followed keywords and categories, each with a button that stops following it, and how to add more.</summary>
    public async Task<ChatReply> ShowAsync(long conversationId, string lang, CancellationToken ct)
    {
        var followed = await subscriptions.ListAsync(conversationId, ct);
        var keywords = followed.Where(s => s.Target == SubscriptionTarget.Keyword).Select(s => s.Value).ToList();
        var categories = followed.Where(s => s.Target == SubscriptionTarget.Category).Select(s => s.Value).ToList();
        var text = new StringBuilder();
        if (keywords.Count == 0 && categories.Count == 0)
        {
            text.Append(texts.Get("commands.follow.none", lang));
        }
        else
        {
            text.Append(texts.Get("commands.follow.list", lang));
            if (keywords.Count > 0)
            {
                text.Append('\n').Append(texts.Get("commands.follow.words", lang, string.Join(", ", keywords.Select(k => $"\"{k}\""))));
            }

            if (categories.Count > 0)
            {
                text.Append('\n').Append(texts.Get("commands.follow.topiclist", lang, string.Join(", ", categories)));
            }
        }

        if (followed.Any(s => s.Target == SubscriptionTarget.All))
        {
            text.Append("\n\n").Append(texts.Get("commands.follow.allnote", lang));
        }

        var word = CommandCatalog.Word(CommandName.Follow, lang);
        text.Append("\n\n").Append(texts.Get("commands.follow.how", lang, word, FollowedKeyword.MaxPerConversation, FollowedKeyword.MaxLength));
        var rows = new List<IReadOnlyList<MessageButton>>();
        foreach (var keyword in keywords.Where(k => Fits(KeywordPrefix + k)))
        {
            rows.Add([new MessageButton("✖ " + keyword, KeywordPrefix + keyword)]);
        }

        foreach (var category in categories.Where(c => Fits(CategoryPrefix + c)))
        {
            rows.Add([new MessageButton("✖ " + category, CategoryPrefix + category)]);
        }

        rows.Add([new MessageButton(texts.Get("commands.follow.topicsbutton", lang), TopicsAction)]);
        return new ChatReply(text.ToString(), rows);
    }

    /// <summary>The categories of recent news as ✅ toggles, plus any the reader follows that are no longer recent.</summary>
    public async Task<ChatReply> TopicsAsync(long conversationId, string lang, CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime - TopicsWindow;
        List<string> recent;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            // One topic per category whatever its case, shown in one of its spellings.
            recent = await db.Set<Article>().AsNoTracking()
                .Where(a => a.Category != null && a.Category != "" && a.Announced && a.PublishedAt > since)
                .GroupBy(a => a.Category!.ToLower())
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
                .Select(g => g.Min(a => a.Category)!).Take(MaxTopics).ToListAsync(ct);
        }

        var followed = (await subscriptions.ListAsync(conversationId, ct))
            .Where(s => s.Target == SubscriptionTarget.Category).Select(s => s.Value).ToList();
        var topics = recent.Union(followed, StringComparer.OrdinalIgnoreCase).Where(c => Fits(CategoryPrefix + c))
            .Order(StringComparer.OrdinalIgnoreCase).ToList();
        var rows = topics.Select(c => (IReadOnlyList<MessageButton>)[
            new MessageButton((followed.Contains(c, StringComparer.OrdinalIgnoreCase) ? "✅ " : "") + c, CategoryPrefix + c)]).ToList();
        rows.Add([new MessageButton(texts.Get("commands.follow.listbutton", lang), ListAction)]);
        return new ChatReply(texts.Get(topics.Count == 0 ? "commands.follow.notopics" : "commands.follow.topics", lang), rows);
    }

    /// <summary>
    /// Only a category some article has may be followed: button data can be forged (a web chat's /button takes any
    /// text), and a made-up category would be a row that never matches, or too long for its column.
    /// </summary>
    private async Task<bool> IsCategoryAsync(string category, CancellationToken ct)
    {
        if (category.Length is 0 or > 100)
        {
            return false;
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Article>().AnyAsync(a => a.Category != null && a.Category.ToLower() == category.ToLower(), ct);
    }

    /// <summary>Button data stays within Telegram's 64-byte callback_data; a longer keyword is removed by command instead.</summary>
    private static bool Fits(string action) => Encoding.UTF8.GetByteCount(action) <= InstitutionMenu.MaxActionBytes;

    private static string Clip(string text) => text.Length > FollowedKeyword.MaxLength ? text[..FollowedKeyword.MaxLength] + "…" : text;
}
