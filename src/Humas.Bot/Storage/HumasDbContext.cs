using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Storage;

/// <summary>
/// The one database of the service. Each part maps its own entities with an
/// <see cref="IEntityTypeConfiguration{TEntity}"/> beside its code; this class only collects them.
/// The rest of the code uses this type; an instance is always one provider's subclass
/// (<see cref="SqliteHumasDbContext"/>, <see cref="PostgresHumasDbContext"/>), because EF Core keeps
/// migrations and the model snapshot per context type and the two providers' column types differ.
/// </summary>
public abstract class HumasDbContext(DbContextOptions<HumasDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The context of <paramref name="provider"/>; <paramref name="options"/> must be configured for that provider.</summary>
    public static HumasDbContext Create(DatabaseProvider provider, DbContextOptions<HumasDbContext> options) => provider switch
    {
        DatabaseProvider.Postgres => new PostgresHumasDbContext(options),
        _ => new SqliteHumasDbContext(options),
    };

    /// <summary>ASP.NET Core Data Protection's key ring, shared by every instance (see StorageRegistration).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HumasDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC. SQLite hands DateTime back as Unspecified; this makes it Utc on read,
        // and PostgreSQL's timestamptz requires Utc on write.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        // Enums are stored by name so the database stays readable and reordering an enum is safe.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}

/// <summary>The database on SQLite: its migrations and model snapshot are in Storage/Migrations/Sqlite.</summary>
public sealed class SqliteHumasDbContext(DbContextOptions<HumasDbContext> options) : HumasDbContext(options);

/// <summary>The database on PostgreSQL: its migrations and model snapshot are in Storage/Migrations/Postgres.</summary>
public sealed class PostgresHumasDbContext(DbContextOptions<HumasDbContext> options) : HumasDbContext(options);
