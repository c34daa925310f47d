using Humas.Bot.Storage;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tips.Flow;

/// <summary>Authors refused by configuration (Tips:BlockedAuthors) or by the <c>tips block</c> verb (database).</summary>
public sealed class TipBlockList(IDbContextFactory<HumasDbContext> factory, IOptions<TipsOptions> options, TimeProvider time)
{
    private readonly HashSet<AuthorKey> _configured = options.Value.BlockedAuthors
        .Select(AuthorKey.TryParse).OfType<AuthorKey>().ToHashSet();

    public async Task<bool> IsBlockedAsync(HumasDbContext db, TipAuthor author, CancellationToken ct)
    {
        var key = AuthorKey.Of(author);
        if (_configured.Contains(key with { Channel = key.Channel.ToLowerInvariant() }))
        {
            return true;
        }

        return await db.Set<TipBlock>().AnyAsync(b => b.Channel == author.Channel && b.UserExternalId == author.UserExternalId, ct);
    }

    /// <summary>Blocks an author; false when already blocked. Their unfinished tip is dropped.</summary>
    public async Task<bool> BlockAsync(AuthorKey author, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Set<TipDraft>().Where(d => d.Channel == author.Channel && d.UserExternalId == author.User).ExecuteDeleteAsync(ct);
        if (await db.Set<TipBlock>().AnyAsync(b => b.Channel == author.Channel && b.UserExternalId == author.User, ct))
        {
            return false;
        }

        db.Add(new TipBlock { Channel = author.Channel, UserExternalId = author.User, CreatedAt = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return true;
    }
}
