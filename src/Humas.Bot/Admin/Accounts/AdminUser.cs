using Humas.Bot.Institutions;
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

/// <summary>
/// An institution an account serves. An account with none is national: it sees and acts on every institution's
/// rows. One with some sees only theirs (the dashboard restricts its queries to them).
/// </summary>
public sealed class AdminUserInstitution
{
    public long UserId { get; set; }
    public required string InstitutionId { get; set; }
}

/// <summary>An institution a dashboard-made publish key may publish as. A key with none is national.</summary>
public sealed class PublishApiKeyInstitution
{
    public long KeyId { get; set; }
    public required string InstitutionId { get; set; }
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

internal sealed class AdminUserInstitutionMapping : IEntityTypeConfiguration<AdminUserInstitution>
{
    public void Configure(EntityTypeBuilder<AdminUserInstitution> b)
    {
        b.ToTable("AdminUserInstitutions");
        b.HasKey(x => new { x.UserId, x.InstitutionId });
        b.Property(x => x.InstitutionId).HasMaxLength(64);
        b.HasOne<AdminUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.InstitutionId);
    }
}

internal sealed class PublishApiKeyInstitutionMapping : IEntityTypeConfiguration<PublishApiKeyInstitution>
{
    public void Configure(EntityTypeBuilder<PublishApiKeyInstitution> b)
    {
        b.ToTable("PublishApiKeyInstitutions");
        b.HasKey(x => new { x.KeyId, x.InstitutionId });
        b.Property(x => x.InstitutionId).HasMaxLength(64);
        b.HasOne<PublishApiKey>().WithMany().HasForeignKey(x => x.KeyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.InstitutionId);
    }
}
