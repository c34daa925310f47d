using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Storage;

/// <summary>
/// Each provider's context has its own migrations and dotnet-ef model snapshot (Storage/Migrations/Sqlite and
/// /Postgres). A change to the model without a migration, or a migration added for one provider only, fails here
/// (scripts/add-migration.sh adds both).
/// </summary>
public sealed class ModelSnapshotTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public void The_providers_snapshot_matches_the_model(DatabaseKind kind)
    {
        using var db = Context(kind);
        Assert.False(db.Database.HasPendingModelChanges(), $"The model changed since the last {kind} migration: run scripts/add-migration.sh <Name>.");
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = Context(DatabaseKind.Sqlite);
        using var postgres = Context(DatabaseKind.Postgres);
        Assert.IsType<SqliteHumasDbContext>(sqlite);
        Assert.IsType<PostgresHumasDbContext>(postgres);
        Assert.Contains("20261122000001_Foundation", sqlite.Database.GetMigrations());
        Assert.Equal(sqlite.Database.GetMigrations(), postgres.Database.GetMigrations());
    }

    /// <summary>Neither check connects, so no database is needed.</summary>
    private static HumasDbContext Context(DatabaseKind kind)
    {
        var connectionString = kind == DatabaseKind.Postgres ? "Host=127.0.0.1;Database=unused" : "Data Source=:memory:";
        return HumasDbContext.Create(
            kind == DatabaseKind.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite,
            TestDatabase.Options(connectionString, kind));
    }
}
