using Humas.Bot.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Admin.Accounts;

/// <summary>Thrown for an invalid e-mail, a weak password or a duplicate account; the message is for the operator.</summary>
public sealed class AccountException(string message) : Exception(message);

/// <summary>Dashboard accounts: created from the CLI (the first admin) or by an admin in the dashboard.</summary>
public sealed class AdminAccounts(IDbContextFactory<HumasDbContext> factory, TimeProvider time, ILogger<AdminAccounts> log)
{
    /// <summary>Tips record the deciding editor in a 200-character column.</summary>
    public const int MaxEmailLength = 200;
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 256;
    private readonly PasswordHasher<AdminUser> _hasher = new();

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public async Task<AdminUser> AddAsync(string email, AdminRole role, string password, CancellationToken ct)
    {
        email = Normalize(email);
        if (email.Length is < 3 or > MaxEmailLength || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace))
        {
            throw new AccountException($"'{email}' is not an e-mail address");
        }

        CheckPassword(password);
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.Set<AdminUser>().AnyAsync(u => u.Email == email, ct))
        {
            throw new AccountException($"an account for {email} already exists");
        }

        var user = new AdminUser { Email = email, Role = role, PasswordHash = "", CreatedAt = time.GetUtcNow().UtcDateTime, SecurityStamp = AdminUser.NewStamp() };
        user.PasswordHash = _hasher.HashPassword(user, password);
        db.Add(user);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Dashboard account {Email} created with role {Role}", email, role);
        return user;
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
        var user = await db.Set<AdminUser>().SingleOrDefaultAsync(u => u.Id == id, ct) ?? throw new AccountException("no such account");
        if (user.Role != role || user.Disabled != disabled)
        {
            user.SecurityStamp = AdminUser.NewStamp();
        }

        user.Role = role;
        user.Disabled = disabled;
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<AdminUser>> ListAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<AdminUser>().AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
    }

    public async Task<AdminUser?> FindAsync(long id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<AdminUser>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
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
