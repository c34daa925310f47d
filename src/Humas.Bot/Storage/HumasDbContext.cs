using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Humas.Bot.Storage.Scoping;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

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

    private List<string>? _scope;

    /// <summary>The institutions this context is restricted to; empty when it is not (see <see cref="RestrictTo"/>).</summary>
    public IReadOnlyList<string> ScopeInstitutions => _scope ?? [];

    public bool IsRestricted => _scope is not null;

    /// <summary>
    /// Restricts every query of this context to the rows of <paramref name="institutions"/> (an empty list: to
    /// nothing), by the query filters of the <see cref="IInstitutionScopeRule"/>s. Call before the first query.
    /// </summary>
    public HumasDbContext RestrictTo(IEnumerable<string> institutions)
    {
        _scope = institutions.Distinct(StringComparer.Ordinal).ToList();
        return this;
    }

    /// <summary>What every context's options need: a model per restriction (<see cref="RestrictedModelCacheKeyFactory"/>).</summary>
    public static DbContextOptionsBuilder ConfigureShared(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ReplaceService<IModelCacheKeyFactory, RestrictedModelCacheKeyFactory>();

    /// <summary>
    /// Only for options built without <see cref="ConfigureShared"/> (tools, some tests); the service's carry it. Options
    /// changed here are a new set at every context's first use, which EF copies and then compares with the sets it
    /// knows: 6 of the 30 µs of CPU a context's set-up costs, and a reaction press takes a few contexts.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.ReplacedServices?.ContainsKey((typeof(IModelCacheKeyFactory), null)) != true)
        {
            ConfigureShared(optionsBuilder);
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HumasDbContext).Assembly);
        if (IsRestricted)
        {
            var scope = new InstitutionScopeBuilder(modelBuilder, this);
            foreach (var rule in typeof(HumasDbContext).Assembly.GetTypes()
                .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IInstitutionScopeRule).IsAssignableFrom(t)))
            {
                ((IInstitutionScopeRule)Activator.CreateInstance(rule)!).Apply(scope);
            }
        }
    }

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
