using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Admin.Accounts;

/// <summary>Viewer reads only; Editor also acts on tips and articles; Admin also manages users, API keys and sources.</summary>
public enum AdminRole
{
    Viewer,
    Editor,
    Admin,
}

/// <summary>A dashboard account. The password is stored as ASP.NET Core Identity's PasswordHasher hash (PBKDF2).</summary>
public sealed class AdminUser
{
    public long Id { get; set; }

    /// <summary>Lower-cased; the sign-in name.</summary>
    public required string Email { get; set; }
    public AdminRole Role { get; set; }
    public required string PasswordHash { get; set; }
    public bool Disabled { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }

    /// <summary>
    /// Changes whenever the password, role or enabled state changes; every sign-in cookie carries the value it
    /// was issued with and is refused once they differ, which ends the account's other sessions at once.
    /// Declared last: the migration adds the column last.
    /// </summary>
    public string SecurityStamp { get; set; } = "";

    public static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}

/// <summary>A publish API key made in the dashboard. Only its SHA-256 is stored; the key is shown once.</summary>
public sealed class PublishApiKey
{
    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters of the key, so an operator can tell keys apart without the secret.</summary>
    public required string Prefix { get; set; }
    public required string KeyHash { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

internal sealed class AdminUserMapping : IEntityTypeConfiguration<AdminUser>
{
    public void Configure(EntityTypeBuilder<AdminUser> b)
    {
        b.ToTable("AdminUsers");
        b.Property(x => x.Email).HasMaxLength(256);
        b.Property(x => x.PasswordHash).HasMaxLength(512);
        b.Property(x => x.SecurityStamp).HasMaxLength(64).HasDefaultValue("");
        b.HasIndex(x => x.Email).IsUnique();
    }
}

internal sealed class PublishApiKeyMapping : IEntityTypeConfiguration<PublishApiKey>
{
    public void Configure(EntityTypeBuilder<PublishApiKey> b)
    {
        b.ToTable("PublishApiKeys");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Prefix).HasMaxLength(16);
        b.Property(x => x.KeyHash).HasMaxLength(64);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.RevokedBy).HasMaxLength(256);
        b.HasIndex(x => x.KeyHash).IsUnique();
    }
}
