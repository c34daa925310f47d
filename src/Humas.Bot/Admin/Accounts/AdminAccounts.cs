using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Admin.Accounts;

/// <summary>Thrown for an invalid e-mail, a weak password or a duplicate account; the message is for the operator.</summary>
public sealed class AccountException(string message) : Exception(message);

/// <summary>An account with the institutions it serves; none means national.</summary>
public sealed record AdminAccount(AdminUser User, IReadOnlyList<string> Institutions)
{
    public bool IsNational => Institutions.Count == 0;
}

/// <summary>
/// Dashboard accounts: created from the CLI (the first admin) or by an admin in the dashboard. Made over a context
/// restricted to some institutions (the dashboard of an institution's admin), it sees only the accounts serving
/// them and makes or changes accounts of them only, never a national one.
/// </summary>
public sealed class AdminAccounts(IDbContextFactory<HumasDbContext> factory, TimeProvider time, ILogger<AdminAccounts> log)
{
    /// <summary>Tips record the deciding editor in a 200-character column.</summary>
    public const int MaxEmailLength = 200;
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 256;
    private readonly PasswordHasher<AdminUser> _hasher = new();

    public const string NoSuchAccount = "no such account";

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public Task<AdminUser> AddAsync(string email, AdminRole role, string password, CancellationToken ct) =>
        AddAsync(email, role, password, [], ct);

    /// <param name="institutions">The institutions the account serves; none makes it national.</param>
    public async Task<AdminUser> AddAsync(string email, AdminRole role, string password, IReadOnlyCollection<string> institutions, CancellationToken ct)
    {
        email = Normalize(email);
        if (email.Length is < 3 or > MaxEmailLength || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace))
        {
            throw new AccountException($"'{email}' is not an e-mail address");
        }

        CheckPassword(password);
        await using var db = await factory.CreateDbContextAsync(ct);
        var ids = await CheckInstitutionsAsync(db, institutions, ct);
        // Unrestricted: an address is taken whoever's account has it.
        if (await db.Set<AdminUser>().IgnoreQueryFilters().AnyAsync(u => u.Email == email, ct))
        {
            throw new AccountException($"an account for {email} already exists");
        }

        var user = new AdminUser { Email = email, Role = role, PasswordHash = "", CreatedAt = time.GetUtcNow().UtcDateTime, SecurityStamp = AdminUser.NewStamp() };
        user.PasswordHash = _hasher.HashPassword(user, password);
        await db.InTransactionAsync(async () =>
        {
            db.Add(user);
            await db.SaveChangesAsync(ct);
            db.AddRange(ids.Select(i => new AdminUserInstitution { UserId = user.Id, InstitutionId = i }));
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);
        log.LogInformation("Dashboard account {Email} created with role {Role} for {Institutions}", email, role, ids.Count == 0 ? "every institution (national)" : string.Join(", ", ids));
        return user;
    }

    /// <summary>
    /// Sets the institutions the account serves (none: national) and ends its sessions. In a restricted context the
    /// account's institutions outside the scope are kept, and the new ones must be within it.
    /// </summary>
    public async Task SetInstitutionsAsync(long id, IReadOnlyCollection<string> institutions, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var ids = await CheckInstitutionsAsync(db, institutions, ct);
        var user = await db.Set<AdminUser>().SingleOrDefaultAsync(u => u.Id == id, ct) ?? throw new AccountException(NoSuchAccount);
        var kept = db.IsRestricted
            ? await db.Set<AdminUserInstitution>().IgnoreQueryFilters().Where(i => i.UserId == id && !db.ScopeInstitutions.Contains(i.InstitutionId)).Select(i => i.InstitutionId).ToListAsync(ct)
            : [];
        var wanted = ids.Concat(kept).Distinct(StringComparer.Ordinal).ToList();
        await db.InTransactionAsync(async () =>
        {
            await db.Set<AdminUserInstitution>().IgnoreQueryFilters().Where(i => i.UserId == id).ExecuteDeleteAsync(ct);
            db.AddRange(wanted.Select(i => new AdminUserInstitution { UserId = id, InstitutionId = i }));
            await db.Set<AdminUser>().Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.SecurityStamp, AdminUser.NewStamp()), ct);
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);
    }

    /// <summary>The institutions the account serves, sorted; empty for a national account.</summary>
    public async Task<IReadOnlyList<string>> InstitutionsOfAsync(long userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<AdminUserInstitution>().IgnoreQueryFilters().Where(i => i.UserId == userId)
            .OrderBy(i => i.InstitutionId).Select(i => i.InstitutionId).ToListAsync(ct);
    }

    /// <summary>
    /// The ids, trimmed and de-duplicated, each an institution this context sees. A restricted context (an
    /// institution's admin) must name at least one: it may not make national accounts (nor keys: PublishKeys asks too).
    /// </summary>
    internal static async Task<List<string>> CheckInstitutionsAsync(HumasDbContext db, IReadOnlyCollection<string> institutions, CancellationToken ct)
    {
        var ids = institutions.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0 && db.IsRestricted)
        {
            throw new AccountException("name at least one of your institutions");
        }

        var known = await db.Set<Institution>().Where(i => ids.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct);
        if (ids.FirstOrDefault(i => !known.Contains(i)) is { } unknown)
        {
            throw new AccountException($"'{unknown}' is not an institution");
        }

        return ids;
    }

    public async Task SetPasswordAsync(string email, string password, CancellationToken ct)
    {
        CheckPassword(password);
        await using var db = await factory.CreateDbContextAsync(ct);
        var user = await FindAsync(db, email, ct) ?? throw new AccountException($"no account for {Normalize(email)}");
        user.PasswordHash = _hasher.HashPassword(user, password);
        user.SecurityStamp = AdminUser.NewStamp();
        await db.SaveChangesAsync(ct);
    }

    public async Task SetRoleAsync(long id, AdminRole role, bool disabled, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var user = await db.Set<AdminUser>().SingleOrDefaultAsync(u => u.Id == id, ct) ?? throw new AccountException(NoSuchAccount);
        if (user.Role != role || user.Disabled != disabled)
        {
            user.SecurityStamp = AdminUser.NewStamp();
        }

        user.Role = role;
        user.Disabled = disabled;
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<AdminAccount>> ListAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var users = await db.Set<AdminUser>().AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        // Every institution of a listed account, also those outside a restricted scope: an admin sees whom an account serves.
        var served = (await db.Set<AdminUserInstitution>().IgnoreQueryFilters().AsNoTracking().Where(i => ids.Contains(i.UserId)).ToListAsync(ct))
            .ToLookup(i => i.UserId, i => i.InstitutionId);
        return users.Select(u => new AdminAccount(u, served[u.Id].Order(StringComparer.Ordinal).ToList())).ToList();
    }

    /// <summary>The accounts serving each of <paramref name="institutionIds"/> (by e-mail), for the institutions page.</summary>
    public async Task<ILookup<string, AdminUser>> ServingAsync(IReadOnlyCollection<string> institutionIds, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var ids = institutionIds.ToList();
        var rows = await (
            from i in db.Set<AdminUserInstitution>().AsNoTracking()
            join u in db.Set<AdminUser>().AsNoTracking() on i.UserId equals u.Id
            where ids.Contains(i.InstitutionId)
            select new { i.InstitutionId, User = u }).ToListAsync(ct);
        return rows.OrderBy(r => r.User.Email, StringComparer.Ordinal).ToLookup(r => r.InstitutionId, r => r.User, StringComparer.Ordinal);
    }

    public async Task<AdminUser?> FindAsync(long id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<AdminUser>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
    }

    public async Task<AdminUser?> FindByEmailAsync(string email, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await FindAsync(db, email, ct);
    }

    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<AdminUser>().AnyAsync(ct);
    }

    /// <summary>The account when the password is right and the account is enabled; otherwise null.</summary>
    public async Task<AdminUser?> VerifyAsync(string email, string password, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var user = await FindAsync(db, email, ct);
        if (user is null || user.Disabled || password.Length > MaxPasswordLength)
        {
            // Hash anyway so a missing account takes as long as a wrong password.
            _hasher.VerifyHashedPassword(new AdminUser { Email = "", PasswordHash = "" }, DummyHash, password);
            return null;
        }

        var result = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = _hasher.HashPassword(user, password);
        }

        user.LastSignInAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return user;
    }

    private static readonly string DummyHash = new PasswordHasher<AdminUser>().HashPassword(new AdminUser { Email = "", PasswordHash = "" }, "not-a-password");

    private static Task<AdminUser?> FindAsync(HumasDbContext db, string email, CancellationToken ct)
    {
        var normalized = Normalize(email);
        return db.Set<AdminUser>().SingleOrDefaultAsync(u => u.Email == normalized, ct);
    }

    private static void CheckPassword(string password)
    {
        if (password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            throw new AccountException($"the password must be {MinPasswordLength} to {MaxPasswordLength} characters");
        }
    }
}
