using System.Security.Cryptography;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Links;

/// <summary>
/// Makes and finds the counted links. A link is made the first time an article is shown on a channel and kept
/// for good; both directions are cached in memory (a broadcast asks for the same link once per recipient, a
/// popular article's link is opened many times), bounded in size. Links never change, so the caches need no
/// invalidation except for an article's URL, which a correction may change: that entry expires after a few minutes.
/// </summary>
public sealed class ArticleLinks(
    IDbContextFactory<HumasDbContext> factory, IOptions<PublicUrlOptions> options, TimeProvider time) : IArticleLinks, IDisposable
{
    private readonly KeyedLocks _locks = new();
    public const string Path = "/r/";
    public const int TokenLength = 12;
    private static readonly TimeSpan TargetLifetime = TimeSpan.FromMinutes(5);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 50_000 });

    /// <summary>What a token leads to.</summary>
    public sealed record Target(long LinkId, Guid ArticleId, string Channel, string Url);

    public async ValueTask<string> ReadUrlAsync(Guid articleId, string articleUrl, string channel, CancellationToken ct)
    {
        if (options.Value.BaseUrl is not { } baseUrl)
        {
            return articleUrl;
        }

        var key = (articleId, channel);
        if (!_cache.TryGetValue(key, out string? token))
        {
            token = await TokenAsync(articleId, channel, ct);
            _cache.Set(key, token, new MemoryCacheEntryOptions { Size = 1 });
        }

        return baseUrl + Path + token;
    }

    /// <summary>The link behind <paramref name="token"/>, or null for a token that is malformed or unknown.</summary>
    public async ValueTask<Target?> FindAsync(string token, CancellationToken ct)
    {
        if (!IsWellFormed(token))
        {
            return null;
        }

        if (_cache.TryGetValue(token, out Target? cached))
        {
            return cached;
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var target = await (
            from l in db.Set<ArticleLink>().AsNoTracking()
            join a in db.Set<Ingestion.Model.Article>() on l.ArticleId equals a.Id
            where l.Token == token
            select new Target(l.Id, l.ArticleId, l.Channel, a.Url)).SingleOrDefaultAsync(ct);
        if (target is not null)
        {
            _cache.Set(token, target, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TargetLifetime });
        }

        return target;
    }

    public static bool IsWellFormed(string token) =>
        token.Length == TokenLength && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private async Task<string> TokenAsync(Guid articleId, string channel, CancellationToken ct)
    {
        // One maker per link in this process: a broadcast's parallel sends would otherwise all try to insert it.
        using var held = await _locks.AcquireAsync($"link:{articleId:N}:{channel}", ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await db.Set<ArticleLink>().AsNoTracking()
                .Where(l => l.ArticleId == articleId && l.Channel == channel).Select(l => l.Token).FirstOrDefaultAsync(ct);
            if (existing is not null)
            {
                return existing;
            }

            var link = new ArticleLink { Token = NewToken(), ArticleId = articleId, Channel = channel, CreatedAt = time.GetUtcNow().UtcDateTime };
            db.Add(link);
            try
            {
                await db.SaveChangesAsync(ct);
                return link.Token;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another instance made it first (or, once in 2^72, the token was taken): read it again.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static string NewToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(9));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public void Dispose() => _cache.Dispose();
}
