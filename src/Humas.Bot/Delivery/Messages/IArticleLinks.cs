namespace Humas.Bot.Delivery.Messages;

/// <summary>
/// The address a reader on <c>channel</c> follows to read an article ("Baca selengkapnya", digest lines, search
/// answers). The click-through part (Links/) replaces the default, which is the article's own URL, with a
/// short counted redirect on the service's public address; without it, or without a public address, links
/// go straight to the article.
/// </summary>
public interface IArticleLinks
{
    ValueTask<string> ReadUrlAsync(Guid articleId, string articleUrl, string channel, CancellationToken ct);
}

internal sealed class DirectArticleLinks : IArticleLinks
{
    public ValueTask<string> ReadUrlAsync(Guid articleId, string articleUrl, string channel, CancellationToken ct) => ValueTask.FromResult(articleUrl);
}
