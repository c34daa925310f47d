using System.Security.Cryptography;
using System.Text;
using Humas.Bot.Institutions;
using Humas.Bot.Publishing;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Admin.Accounts;

public sealed record CreatedKey(long Id, string Key);

/// <summary>A dashboard key with the institutions it publishes as; none: national.</summary>
public sealed record PublishKeyRow(PublishApiKey Key, IReadOnlyList<string> Institutions);

/// <summary>
/// Publish API keys made in the dashboard: 32 random bytes, shown once, stored as SHA-256, revocable; bound to
/// institutions, or national (only a national admin makes those: over a restricted context it refuses).
/// </summary>
public sealed class PublishKeys(IDbContextFactory<HumasDbContext> factory, TimeProvider time) : IPublishKeyStore
{
    /// <summary>Across every institution: hundreds of institutions with a key or two each.</summary>
    public const int MaxActiveKeys = 2000;

    public Task<CreatedKey> CreateAsync(string name, string actor, CancellationToken ct) => CreateAsync(name, actor, [], ct);

    /// <param name="institutions">Whom the key publishes as; none makes a national key.</param>
    public async Task<CreatedKey> CreateAsync(string name, string actor, IReadOnlyCollection<string> institutions, CancellationToken ct)
    {
        name = name.Trim();
        if (name.Length is < 1 or > 100)
        {
            throw new AccountException("the key's name must be 1 to 100 characters");
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var ids = await AdminAccounts.CheckInstitutionsAsync(db, institutions, ct);

        if (await db.Set<PublishApiKey>().IgnoreQueryFilters().CountAsync(k => k.RevokedAt == null, ct) >= MaxActiveKeys)
        {
            throw new AccountException($"at most {MaxActiveKeys} active keys");
        }

        var key = "hb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var row = new PublishApiKey
        {
            Name = name, Prefix = key[..10], KeyHash = Hash(key), CreatedBy = actor, CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        await db.InTransactionAsync(async () =>
        {
            db.Add(row);
            await db.SaveChangesAsync(ct);
            db.AddRange(ids.Select(i => new PublishApiKeyInstitution { KeyId = row.Id, InstitutionId = i }));
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);
        return new CreatedKey(row.Id, key);
    }

    public async Task<bool> RevokeAsync(long id, string actor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Set<PublishApiKey>().Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, now).SetProperty(k => k.RevokedBy, actor), ct) > 0;
    }

    public async Task<IReadOnlyList<PublishKeyRow>> ListAsync(CancellationToken ct) => await ListAsync(null, ct);

    /// <summary>Keys newest first; of one institution when <paramref name="institutionId"/> is given.</summary>
    public async Task<IReadOnlyList<PublishKeyRow>> ListAsync(string? institutionId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var keys = db.Set<PublishApiKey>().AsNoTracking();
        if (institutionId is not null)
        {
            keys = keys.Where(k => db.Set<PublishApiKeyInstitution>().Any(i => i.KeyId == k.Id && i.InstitutionId == institutionId));
        }

        var rows = await keys.OrderByDescending(k => k.Id).Take(1000).ToListAsync(ct);
        var ids = rows.Select(k => k.Id).ToList();
        var bound = (await db.Set<PublishApiKeyInstitution>().IgnoreQueryFilters().AsNoTracking().Where(i => ids.Contains(i.KeyId)).ToListAsync(ct))
            .ToLookup(i => i.KeyId, i => i.InstitutionId);
        return rows.Select(k => new PublishKeyRow(k, bound[k.Id].Order(StringComparer.Ordinal).ToList())).ToList();
    }

    public async Task<bool> HasActiveKeysAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<PublishApiKey>().AnyAsync(k => k.RevokedAt == null, ct);
    }

    // Looked up by hash: the hash of a random 192-bit key leaks nothing useful through timing.
    public async Task<PublishGrant?> FindAsync(string presentedKey, CancellationToken ct)
    {
        if (presentedKey.Length is 0 or > 200)
        {
            return null;
        }

        var hash = Hash(presentedKey);
        await using var db = await factory.CreateDbContextAsync(ct);
        var id = await db.Set<PublishApiKey>().Where(k => k.KeyHash == hash && k.RevokedAt == null).Select(k => (long?)k.Id).SingleOrDefaultAsync(ct);
        if (id is null)
        {
            return null;
        }

        return PublishGrant.For(await db.Set<PublishApiKeyInstitution>().Where(i => i.KeyId == id).Select(i => i.InstitutionId).ToListAsync(ct));
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
