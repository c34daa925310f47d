using System.Security.Cryptography;
using System.Text;
using Humas.Bot.Publishing;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Admin.Accounts;

public sealed record CreatedKey(long Id, string Key);

/// <summary>Publish API keys made in the dashboard: 32 random bytes, shown once, stored as SHA-256, revocable.</summary>
public sealed class PublishKeys(IDbContextFactory<HumasDbContext> factory, TimeProvider time) : IPublishKeyStore
{
    public const int MaxActiveKeys = 100;

    public async Task<CreatedKey> CreateAsync(string name, string actor, CancellationToken ct)
    {
        name = name.Trim();
        if (name.Length is < 1 or > 100)
        {
            throw new AccountException("the key's name must be 1 to 100 characters");
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.Set<PublishApiKey>().CountAsync(k => k.RevokedAt == null, ct) >= MaxActiveKeys)
        {
            throw new AccountException($"at most {MaxActiveKeys} active keys");
        }

        var key = "hb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var row = new PublishApiKey
        {
            Name = name, Prefix = key[..10], KeyHash = Hash(key), CreatedBy = actor, CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return new CreatedKey(row.Id, key);
    }

    public async Task<bool> RevokeAsync(long id, string actor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Set<PublishApiKey>().Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, now).SetProperty(k => k.RevokedBy, actor), ct) > 0;
    }

    public async Task<IReadOnlyList<PublishApiKey>> ListAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<PublishApiKey>().AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(ct);
    }

    public async Task<bool> HasActiveKeysAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<PublishApiKey>().AnyAsync(k => k.RevokedAt == null, ct);
    }

    // Looked up by hash: the hash of a random 192-bit key leaks nothing useful through timing.
    public async Task<bool> IsValidAsync(string presentedKey, CancellationToken ct)
    {
        if (presentedKey.Length > 200)
        {
            return false;
        }

        var hash = Hash(presentedKey);
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<PublishApiKey>().AnyAsync(k => k.KeyHash == hash && k.RevokedAt == null, ct);
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
