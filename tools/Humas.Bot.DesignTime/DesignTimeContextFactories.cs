using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Humas.Bot.DesignTime;

// How dotnet-ef builds each provider's context without starting the service. Adding a migration or checking
// for pending model changes never connects; the connection strings below only serve "dotnet ef database ..."
// commands, and "--connection" overrides them.

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteHumasDbContext>
{
    public SqliteHumasDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<HumasDbContext>().UseSqlite(StorageRegistration.DefaultSqliteConnection).Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresHumasDbContext>
{
    public PostgresHumasDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<HumasDbContext>().UseNpgsql("Host=localhost;Database=humas").Options);
}
