using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Localization;
using Humas.Bot.Search;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Conversations.Commands;

/// <summary>
/// <c>/cari</c> (<c>/search</c>) and <c>/terbaru</c> (<c>/latest</c>): articles from what the reader follows,
/// newest first, as channel-neutral links (each channel shows them its way). A search answers from what the
/// reader follows first and fills up to <see cref="Count"/> from all other news, in a second reply that says so.
/// </summary>
public sealed class FindCommands(ArticleSearch search, IArticleLinks links, IDbContextFactory<HumasDbContext> factory, ITexts texts)
{
    public const int Count = 5;

    public async Task<IReadOnlyList<ChatReply>> SearchAsync(string argument, CommandContext context, CancellationToken ct)
    {
        var lang = context.Language;
        var terms = SearchTerms.Parse(argument);
        if (terms.IsEmpty)
        {
            return [ChatReply.Plain(texts.Get("commands.search.usage", lang, CommandCatalog.Word(CommandName.Search, lang)))];
        }

        var follows = await FollowsAsync(context, ct);
        if (follows.Nothing)
        {
            // A reader who follows nothing searches everything, without being told about what they follow.
            var hits = await search.FindAsync(terms, Follows.Everything, Count, null, ct);
            return hits.Count == 0
                ? [ChatReply.Plain(texts.Get("commands.search.none", lang, terms.ToString()))]
                : [await LinksAsync(texts.Get("commands.search.everything", lang, terms.ToString()), hits, context, ct)];
        }

        var followed = await search.FindAsync(terms, follows, Count, null, ct);
        var others = followed.Count < Count && !follows.All
            ? await search.FindAsync(terms, Follows.Everything, Count - followed.Count, followed.Select(h => h.Id).ToList(), ct)
            : [];
        if (followed.Count == 0 && others.Count == 0)
        {
            return [ChatReply.Plain(texts.Get("commands.search.none", lang, terms.ToString()))];
        }

        var replies = new List<ChatReply>();
        if (followed.Count > 0)
        {
            replies.Add(await LinksAsync(texts.Get("commands.search.followed", lang, terms.ToString()), followed, context, ct));
        }

        if (others.Count > 0)
        {
            replies.Add(await LinksAsync(texts.Get(followed.Count > 0 ? "commands.search.others" : "commands.search.others_only", lang, terms.ToString()), others, context, ct));
        }

        return replies;
    }

    public async Task<IReadOnlyList<ChatReply>> LatestAsync(CommandContext context, CancellationToken ct)
    {
        var lang = context.Language;
        var follows = await FollowsAsync(context, ct);
        var hits = await search.LatestAsync(follows.Nothing ? Follows.Everything : follows, Count, ct);
        if (hits.Count == 0)
        {
            return [ChatReply.Plain(texts.Get("commands.latest.none", lang))];
        }

        var title = follows.Nothing
            ? texts.Get("commands.latest.unsubscribed", lang, CommandCatalog.Word(CommandName.Subscribe, lang))
            : texts.Get(follows.All ? "commands.latest.title" : "commands.latest.followed", lang);
        return [await LinksAsync(title, hits, context, ct)];
    }

    private async Task<Follows> FollowsAsync(CommandContext context, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Follows.OfAsync(db, context.Conversation.Id, ct);
    }

    private async Task<ChatReply> LinksAsync(string title, IReadOnlyList<ArticleHit> hits, CommandContext context, CancellationToken ct)
    {
        var lang = context.Language;
        var list = new List<MessageLink>();
        foreach (var hit in hits)
        {
            var url = await links.ReadUrlAsync(hit.Id, hit.Url, context.Conversation.Channel, ct);
            var when = JakartaTime.FormatDate(JakartaTime.FromUtc(hit.PublishedAt), lang);
            list.Add(new MessageLink(hit.Title, url, $"{hit.InstitutionName} · {when}"));
        }

        return new ChatReply(title, []) { Links = list };
    }
}
