using Humas.Bot.Ingestion.Identity;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Ingestion.Articles;

/// <summary>
/// Finds an article by any address it is known under, spelled as a reader's browser may spell it: the address is
/// canonicalized as ingestion does (<see cref="UrlCanonicalizer"/>: http or https, www or not, tracking
/// parameters, a trailing slash, a fragment), then matched on the article's identities (every link a feed or
/// the publish API gave it) and, failing that, on its canonical URL.
/// </summary>
public static class ArticleUrls
{
    public const int MaxLength = 2048;

    public static async Task<Guid?> FindAsync(HumasDbContext db, string? url, CancellationToken ct)
    {
        if (url is not { Length: > 0 and <= MaxLength } || !UrlCanonicalizer.TryCanonicalize(url.Trim(), out var canonical))
        {
            return null;
        }

        var key = "url:" + canonical;
        return await db.Set<ArticleKey>().AsNoTracking().Where(k => k.Key == key).Select(k => (Guid?)k.ArticleId).FirstOrDefaultAsync(ct)
            ?? await db.Set<Article>().AsNoTracking().Where(a => a.CanonicalUrl == canonical)
                .OrderByDescending(a => a.PublishedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
    }
}
