using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Feedback;
using Humas.Bot.Localization;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>The one place that turns the core's messages and replies into what the chat page shows.</summary>
public sealed class WebMessageFormatter(ReactionCatalog catalog, ITexts texts)
{
    public WebMessageView Format(OutboundMessage message) => message switch
    {
        ArticleMessage article => Article(article),
        DigestMessage digest => new WebMessageView(
            "digest",
            Digest: new WebDigestView(
                texts.Get(digest.Period == DigestPeriod.Daily ? "common.digest.daily" : "common.digest.weekly", digest.Language),
                digest.Part,
                digest.PartCount,
                digest.Entries.Select(e => new WebDigestEntryView(e.ArticleId.ToString("D"), e.InstitutionName, e.Title, e.Url)).ToList())),
        TextMessage text => new WebMessageView("text", text.Text),
        ReplyMessage reply => Reply(new ChatReply(reply.Text, reply.Buttons) { Links = reply.Links }),
        _ => throw new NotSupportedException($"The web chat cannot show a {message.GetType().Name}."),
    };

    public WebMessageView Reply(ChatReply reply) => new(
        "text",
        reply.Text,
        Buttons: reply.Buttons.Count == 0 ? null : reply.Buttons.Select(row => (IReadOnlyList<WebButtonView>)row.Select(b => new WebButtonView(b.Label, b.Action)).ToList()).ToList(),
        Links: reply.Links.Count == 0 ? null : reply.Links.Select(l => new WebLinkView(l.Title, l.Url, l.Detail)).ToList());

    public static WebMessageView Visitor(string text) => new("visitor", text);

    private WebMessageView Article(ArticleMessage article)
    {
        var options = catalog.OptionsIn(article.Language)
            .Select(o => new ReactionsResponseOption(o.Id, o.Emoji, o.Label, o.Id <= article.ReactionCounts.Count ? article.ReactionCounts[o.Id - 1] : 0))
            .ToList();
        return new WebMessageView(
            "article",
            Article: new WebArticleView(
                article.ArticleId.ToString("D"),
                article.FromLine(texts),
                article.Title,
                article.Summary,
                article.Url,
                article.ImageUrl,
                article.PublishedAt,
                texts.Get("feedback.question", article.Language),
                options));
    }
}
