using System.Text.Json;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Delivery.Messages;

/// <summary>
/// Builds the channel-neutral messages from stored rows. Articles are read at send time, so a delivery
/// still queued when an article is corrected goes out corrected. The link a reader follows is the channel's
/// (<see cref="IArticleLinks"/>): a counted one when the service has a public address.
/// </summary>
public sealed class MessageComposer(IReactionCountSource reactions, IArticleLinks links)
{
    /// <summary>What a message needs from an article, without its body.</summary>
    public sealed record ArticleContent(
        Guid Id, string InstitutionName, string Title, string Summary, string Url, string? ImageUrl, DateTime PublishedAt, int Revision)
    {
        public bool National { get; init; }

        /// <summary>The reaction counters when the article was loaded for a batch of sends (null: ask at compose time).</summary>
        public IReadOnlyList<int>? Reactions { get; init; }
    }

    public async Task<Dictionary<Guid, ArticleContent>> LoadArticlesAsync(HumasDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var articles = await (
            from a in db.Set<Article>().AsNoTracking()
            join i in db.Set<Institution>() on a.InstitutionId equals i.Id
            where ids.Contains(a.Id)
            select new ArticleContent(a.Id, i.Name, a.Title, a.Summary, a.Url, a.ImageUrl, a.PublishedAt, a.Revision) { National = a.National })
            .ToDictionaryAsync(a => a.Id, ct);
        // The counters once per article and batch, not once per copy: at a paid broadcast's 1000/s a query per send
        // was a measurable share of the dispatcher's CPU. Copies may show counts a batch old; the refresher edits them.
        foreach (var id in articles.Keys.ToList())
        {
            articles[id] = articles[id] with { Reactions = await reactions.GetCountsAsync(id, ct) };
        }

        return articles;
    }

    /// <param name="channel">The channel the message is for: its readers get that channel's link.</param>
    public async Task<ArticleMessage> ArticleAsync(ArticleContent article, string language, string channel, CancellationToken ct) =>
        new(article.Id, article.InstitutionName, article.Title, article.Summary, await links.ReadUrlAsync(article.Id, article.Url, channel, ct),
            article.ImageUrl, article.PublishedAt, article.Reactions ?? await reactions.GetCountsAsync(article.Id, ct), language)
        {
            PageUrl = article.Url,
            National = article.National,
        };

    public static string SerializeDigest(DigestMessage digest) => JsonSerializer.Serialize(digest, JsonSerializerOptions.Web);

    public static DigestMessage DeserializeDigest(string payload) =>
        JsonSerializer.Deserialize<DigestMessage>(payload, JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException("Empty digest payload");

    public static string SerializeNotice(ReplyMessage notice) => JsonSerializer.Serialize(notice, JsonSerializerOptions.Web);

    public static ReplyMessage DeserializeNotice(string payload) =>
        JsonSerializer.Deserialize<ReplyMessage>(payload, JsonSerializerOptions.Web) ?? throw new FormatException("empty notice payload");
}
